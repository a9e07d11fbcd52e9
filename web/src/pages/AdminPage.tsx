// Admin: the review queue, public bodies, accounts (buyers, evaluators, auditors, admins),
// the ineligible register.
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useApiForm } from '../form';
import { localized, useT } from '../i18n';
import { navigate } from '../router';
import { ErrorAlert, Field, Success, Title, useLoad } from '../ui';
import { IneligibleRegister } from './IneligibleRegister';
import { ReviewQueue } from './WorkLists';

type Role = 'buyer' | 'auditor' | 'admin' | 'evaluator';

export function AdminPage() {
  const t = useT();
  const bodies = useLoad(() => ok(api.GET('/api/v1/public-bodies', { params: { query: { pageSize: 100 } } })), []);
  return (
    <>
      <Title>{t('admin.title')}</Title>
      <ReviewQueue />
      <PublicBodyForm onCreated={bodies.reload} />
      <AccountForm
        bodies={bodies.data?.items.map((b) => [b.id, `${b.acronym} — ${localized(b.name, t.lang)}`]) ?? []}
      />
      <IneligibleRegister />
    </>
  );
}

function PublicBodyForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const { form, set, fields: f, error, submit } = useApiForm({ fr: '', en: '', acronym: '', forgeGroupPath: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="organismes" className="app-box">
      <h2 id="organismes">{t('admin.publicBody')}</h2>
      <form
        className="app-form"
        onSubmit={submit(() => {
          setDone(null);
          const body = {
            name: { fr: form.fr, ...(form.en ? { en: form.en } : {}) },
            acronym: form.acronym,
            forgeGroupPath: form.forgeGroupPath,
          };
          return ok(api.POST('/api/v1/public-bodies', { body })).then((b) => {
            setDone(t('admin.publicBodyCreated', { id: b.id }));
            onCreated();
          });
        })}
      >
        <ErrorAlert error={error} />
        {done && <Success>{done}</Success>}
        <Field label={t('admin.nameFr')} value={form.fr} onChange={set('fr')} error={f['name.fr']} required />
        <Field label={t('admin.nameEn')} value={form.en} onChange={set('en')} error={f['name.en']} />
        <Field label={t('admin.acronym')} value={form.acronym} onChange={set('acronym')} error={f.acronym} required />
        <Field
          label={t('admin.forgeGroup')}
          value={form.forgeGroupPath}
          onChange={set('forgeGroupPath')}
          error={f.forgeGroupPath}
          required
        />
        <button type="submit" className="qc-button qc-secondary">
          {t('admin.createPublicBody')}
        </button>
      </form>
    </section>
  );
}

function AccountForm({ bodies }: { bodies: [string, string][] }) {
  const t = useT();
  const {
    form,
    set,
    fields: f,
    error,
    submit,
  } = useApiForm({
    name: '',
    email: '',
    role: 'buyer',
    publicBodyId: '',
    password: '',
  });
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="comptes" className="app-box">
      <h2 id="comptes">{t('admin.account')}</h2>
      <form
        className="app-form"
        onSubmit={submit(() => {
          setDone(null);
          const { publicBodyId, ...rest } = form;
          const body = {
            ...rest,
            role: form.role as Role,
            preferredLanguage: t.lang,
            ...(publicBodyId ? { publicBodyId } : {}),
          };
          return ok(api.POST('/api/v1/users', { body })).then((a) =>
            setDone(t('admin.accountCreated', { email: a.email, id: a.id })),
          );
        })}
      >
        <ErrorAlert error={error} />
        {done && <Success>{done}</Success>}
        <Field label={t('auth.name')} value={form.name} onChange={set('name')} error={f.name} required />
        <Field
          label={t('auth.email')}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={f.email}
          required
        />
        <Field
          label={t('admin.role')}
          value={form.role}
          onChange={set('role')}
          error={f.role}
          options={(['buyer', 'evaluator', 'auditor', 'admin'] as const).map((r) => [r, t(`role.${r}`)])}
        />
        <Field
          label={t('admin.accountPublicBody')}
          value={form.publicBodyId}
          onChange={set('publicBodyId')}
          error={f.publicBodyId}
          options={[['', t('admin.none')], ...bodies]}
        />
        <Field
          label={t('auth.password')}
          type="password"
          value={form.password}
          onChange={set('password')}
          error={f.password}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="qc-button qc-secondary">
          {t('admin.createAccount')}
        </button>
      </form>
    </section>
  );
}
