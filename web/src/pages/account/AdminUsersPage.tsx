// Admins find accounts (role, public body, e-mail) and deactivate or reactivate them.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { useT } from '../../i18n';
import { ErrorAlert, Field, Loading, Title, useLoad } from '../../ui';

const ROLES = ['', 'admin', 'buyer', 'vendor', 'auditor', 'evaluator'] as const;

export function AdminUsersPage() {
  const t = useT();
  const [role, setRole] = useState('');
  const [email, setEmail] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const users = useLoad(
    () =>
      ok(
        api.GET('/api/v1/users', {
          params: {
            query: {
              ...(role ? { role: role as Exclude<(typeof ROLES)[number], ''> } : {}),
              ...(email.trim() ? { email: email.trim() } : {}),
              pageSize: 100,
            },
          },
        }),
      ),
    [role, email],
  );
  const setActive = (id: string, active: boolean) => {
    setActionError(null);
    const path = active ? '/api/v1/users/{id}/reactivate' : '/api/v1/users/{id}/deactivate';
    ok(api.POST(path, { params: { path: { id } } })).then(users.reload, setActionError);
  };
  return (
    <>
      <Title>{t('account.admin.title')}</Title>
      <form className="app-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field
          label={t('account.admin.role')}
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => [r, r ? t(`account.role.${r}`) : t('account.admin.allRoles')])}
        />
        <Field label={t('account.admin.email')} value={email} onChange={setEmail} />
      </form>
      <ErrorAlert error={actionError ?? users.error} />
      {users.loading && !users.data && <Loading />}
      {users.data && (
        <table className="app-table">
          <caption>{t('account.admin.count', { n: users.data.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('auth.email')}</th>
              <th scope="col">{t('auth.name')}</th>
              <th scope="col">{t('account.admin.role')}</th>
              <th scope="col">{t('account.admin.status')}</th>
              <th scope="col">{t('account.admin.action')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>{t(`account.role.${u.role as Exclude<(typeof ROLES)[number], ''>}`)}</td>
                <td>
                  {u.active ? t('account.admin.active') : t('account.admin.inactive')}
                  {!u.emailVerified && ` · ${t('account.admin.unverified')}`}
                </td>
                <td>
                  <button
                    type="button"
                    className="qc-button qc-secondary"
                    onClick={() => setActive(u.id, !u.active)}
                    aria-label={`${u.active ? t('account.admin.deactivate') : t('account.admin.reactivate')} ${u.email}`}
                  >
                    {u.active ? t('account.admin.deactivate') : t('account.admin.reactivate')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
