// The signed-in person changes their password; their other sessions end.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { useApiForm } from '../../form';
import { useT } from '../../i18n';
import { ErrorAlert, Field, Success, Title, NewPasswordField } from '../../ui';

export function ChangePasswordPage() {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ currentPassword: '', newPassword: '' });
  const [done, setDone] = useState(false);
  return (
    <>
      <Title>{t('account.change.title')}</Title>
      <p>{t('account.change.lead')}</p>
      {done && (
        <Success>
          <p>{t('account.change.done')}</p>
        </Success>
      )}
      <form
        className="app-form"
        onSubmit={submit(() => ok(api.PUT('/api/v1/me/password', { body: form })).then(() => setDone(true)))}
      >
        <ErrorAlert error={error} />
        <Field
          label={t('account.currentPassword')}
          type="password"
          value={form.currentPassword}
          onChange={set('currentPassword')}
          error={fields.currentPassword}
          autoComplete="current-password"
          required
        />
        <NewPasswordField
          label={t('account.newPassword')}
          value={form.newPassword}
          onChange={set('newPassword')}
          error={fields.newPassword}
        />
        <button type="submit" className="qc-button qc-primary" disabled={busy}>
          {t('account.change.submit')}
        </button>
      </form>
    </>
  );
}
