// Log-in and sign-up (vendors sign up; other accounts are created by an admin).
import { useState } from 'react';
import { api, ApiError, logIn, ok } from '../api/client';
import { useT } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { ErrorAlert, Field, Title } from '../ui';

export function LoginPage() {
  const t = useT();
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Title>{t('login.title')}</Title>
      <form
        className="app-form"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          logIn(email, password)
            .then(() => navigate(query.get('suite') ?? '/'))
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        <ErrorAlert error={error} />
        <Field label={t('auth.email')} type="email" value={email} onChange={setEmail} autoComplete="email" required />
        <Field
          label={t('auth.password')}
          type="password"
          value={password}
          onChange={setPassword}
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
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <>
      <Title>{t('register.title')}</Title>
      <p>{t('register.lead')}</p>
      <form
        className="app-form"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          ok(api.POST('/api/v1/auth/register', { body: { ...form, preferredLanguage: t.lang } }))
            .then(() => logIn(form.email, form.password))
            .then(() => navigate('/organisation'))
            .catch(setError)
            .finally(() => setBusy(false));
        }}
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
        <Field
          label={t('auth.password')}
          hint={t('register.passwordHint')}
          type="password"
          value={form.password}
          onChange={set('password')}
          error={fields.password}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="qc-button qc-primary" disabled={busy}>
          {t('register.submit')}
        </button>
      </form>
    </>
  );
}
