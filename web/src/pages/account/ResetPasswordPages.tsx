// Forgotten password: ask for a link, then choose a new password with it (/compte/nouveau-mot-de-passe#token=…).
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { useApiForm } from '../../form';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { ErrorAlert, Field, Success, Title, NewPasswordField } from '../../ui';
import { tokenFromFragment } from './VerifyEmailPage';

export function ForgotPasswordPage() {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ email: '' });
  const [sent, setSent] = useState(false);
  return (
    <>
      <Title>{t('account.forgot.title')}</Title>
      <p>{t('account.forgot.lead')}</p>
      {sent ? (
        <Success>
          <p>{t('account.forgot.sent')}</p>
        </Success>
      ) : (
        <form
          className="app-form"
          onSubmit={submit(() =>
            ok(api.POST('/api/v1/auth/password-reset', { body: { email: form.email } })).then(() => setSent(true)),
          )}
        >
          <ErrorAlert error={error} />
          <Field
            label={t('auth.email')}
            type="email"
            value={form.email}
            onChange={set('email')}
            error={fields.email}
            autoComplete="email"
            required
          />
          <button type="submit" className="qc-button qc-primary" disabled={busy}>
            {t('account.forgot.submit')}
          </button>
        </form>
      )}
    </>
  );
}

export function ResetPasswordPage() {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ password: '' });
  const [done, setDone] = useState(false);
  return (
    <>
      <Title>{t('account.reset.title')}</Title>
      {done ? (
        <Success>
          <p>
            {t('account.reset.done')} <Link href="/connexion">{t('account.reset.login')}</Link>
          </p>
        </Success>
      ) : (
        <form
          className="app-form"
          onSubmit={submit(() =>
            ok(
              api.POST('/api/v1/auth/password-reset/confirm', {
                body: { token: tokenFromFragment(), password: form.password },
              }),
            ).then(() => setDone(true)),
          )}
        >
          <ErrorAlert error={error} />
          <NewPasswordField
            label={t('account.newPassword')}
            value={form.password}
            onChange={set('password')}
            error={fields.password}
          />
          <button type="submit" className="qc-button qc-primary" disabled={busy}>
            {t('account.reset.submit')}
          </button>
        </form>
      )}
    </>
  );
}
