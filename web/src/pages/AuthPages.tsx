// Log-in and sign-up (vendors sign up; other accounts are created by an admin).
import { api, logIn, ok } from '../api/client';
import { useApiForm } from '../form';
import { useT } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { ErrorAlert, Field, Title, NewPasswordField } from '../ui';

export function LoginPage() {
  const t = useT();
  const { query } = useLocation();
  const { form, set, error, busy, submit } = useApiForm({ email: '', password: '' });
  return (
    <>
      <Title>{t('login.title')}</Title>
      <form
        className="app-form"
        onSubmit={submit(() => logIn(form.email, form.password).then(() => navigate(query.get('suite') ?? '/')))}
      >
        <ErrorAlert error={error} />
        <Field
          label={t('auth.email')}
          type="email"
          value={form.email}
          onChange={set('email')}
          autoComplete="email"
          required
        />
        <Field
          label={t('auth.password')}
          type="password"
          value={form.password}
          onChange={set('password')}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="qc-button qc-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p>
        {t('login.noAccount')} <Link href="/inscription">{t('nav.register')}</Link>
      </p>
    </>
  );
}

export function RegisterPage() {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ name: '', email: '', password: '' });
  return (
    <>
      <Title>{t('register.title')}</Title>
      <p>{t('register.lead')}</p>
      <form
        className="app-form"
        onSubmit={submit(() =>
          ok(api.POST('/api/v1/auth/register', { body: { ...form, preferredLanguage: t.lang } }))
            .then(() => logIn(form.email, form.password))
            .then(() => navigate('/organisation')),
        )}
      >
        <ErrorAlert error={error} />
        <Field
          label={t('auth.name')}
          value={form.name}
          onChange={set('name')}
          error={fields.name}
          autoComplete="name"
          required
        />
        <Field
          label={t('auth.email')}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={fields.email}
          autoComplete="email"
          required
        />
        <NewPasswordField
          label={t('auth.password')}
          value={form.password}
          onChange={set('password')}
          error={fields.password}
        />
        <button type="submit" className="qc-button qc-primary" disabled={busy}>
          {t('register.submit')}
        </button>
      </form>
    </>
  );
}
