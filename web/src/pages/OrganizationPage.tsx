// The vendor's organization: created with its NEQ, its members, and its proposals.
import { useState } from 'react';
import { useApiForm } from '../form';
import { api, loadMe, ok, type Schemas } from '../api/client';
import { useMe } from '../App';
import { dateTime } from '../format';
import { useT } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Field, Loading, Success, Title, useLoad } from '../ui';

type Province = Schemas['AddressDto']['province'];
type Size = Schemas['CreateVendorDto']['size'];
const PROVINCES: Province[] = ['QC', 'ON', 'NB', 'NS', 'PE', 'NL', 'MB', 'SK', 'AB', 'BC', 'YT', 'NT', 'NU'];

export function OrganizationPage() {
  const t = useT();
  const me = useMe();
  if (!me) return <LoginFirst />;
  const membership = me.vendorOrganizations[0];
  return (
    <>
      {membership ? (
        <Organization vendorId={membership.id} owner={membership.role === 'owner'} />
      ) : (
        <CreateOrganization />
      )}
      <MyInvitations />
    </>
  );
}

/** Invitations to join a business, sent to this account's e-mail: accepted here. */
function MyInvitations() {
  const t = useT();
  const list = useLoad(() => ok(api.GET('/api/v1/me/vendor-invitations')), []);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!list.data?.length && !done) return null;
  return (
    <section aria-labelledby="invitations" className="app-box">
      <h2 id="invitations">{t('org.invitations')}</h2>
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      <ul>
        {list.data?.map((i) => (
          <li key={i.invitationId}>
            {t('org.invitationFrom', {
              name: i.legalName,
              role: t(`org.role.${i.role}`),
              until: dateTime(i.expiresAt, t.lang),
            })}{' '}
            <button
              type="button"
              className="qc-button qc-primary"
              onClick={() => {
                setError(null);
                ok(api.POST('/api/v1/vendor-invitations/{id}/accept', { params: { path: { id: i.invitationId } } }))
                  .then(() => {
                    setDone(t('org.accepted'));
                    list.reload();
                    return loadMe();
                  })
                  .catch(setError);
              }}
            >
              {t('org.accept', { name: i.legalName })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LoginFirst() {
  const t = useT();
  return (
    <>
      <Title>{t('login.required')}</Title>
      <p>
        <Link href={`/connexion?suite=${encodeURIComponent(window.location.pathname)}`}>{t('nav.login')}</Link>
      </p>
    </>
  );
}

function CreateOrganization() {
  const t = useT();
  const {
    form,
    set,
    fields: f,
    error,
    busy,
    submit,
  } = useApiForm({
    legalName: '',
    neq: '',
    size: 'micro',
    email: '',
    city: '',
    province: 'QC',
    postalCode: '',
  });
  return (
    <>
      <Title>{t('org.createTitle')}</Title>
      <p>{t('org.createLead')}</p>
      <form
        className="app-form"
        onSubmit={submit(() => {
          const body = {
            legalName: form.legalName,
            neq: form.neq.replace(/\s/g, ''),
            size: form.size as Size,
            email: form.email,
            address: { city: form.city, province: form.province as Province, postalCode: form.postalCode },
          };
          return ok(api.POST('/api/v1/vendors', { body })).then(() => loadMe());
        })}
      >
        <ErrorAlert error={error} />
        <Field
          label={t('org.legalName')}
          value={form.legalName}
          onChange={set('legalName')}
          error={f.legalName}
          required
        />
        <Field
          label={t('org.neq')}
          hint={t('org.neqHint')}
          value={form.neq}
          onChange={set('neq')}
          error={f.neq}
          required
        />
        <Field
          label={t('org.size')}
          value={form.size}
          onChange={set('size')}
          error={f.size}
          options={[
            ['micro', t('org.size.micro')],
            ['sme', t('org.size.sme')],
            ['large', t('org.size.large')],
          ]}
        />
        <Field
          label={t('org.email')}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={f.email}
          required
        />
        <Field label={t('org.city')} value={form.city} onChange={set('city')} error={f['address.city']} required />
        <Field
          label={t('org.province')}
          value={form.province}
          onChange={set('province')}
          error={f['address.province']}
          options={PROVINCES.map((p) => [p, p])}
        />
        <Field
          label={t('org.postalCode')}
          value={form.postalCode}
          onChange={set('postalCode')}
          error={f['address.postalCode']}
          required
        />
        <button type="submit" className="qc-button qc-primary" disabled={busy}>
          {t('org.create')}
        </button>
      </form>
    </>
  );
}

function Organization({ vendorId, owner }: { vendorId: string; owner: boolean }) {
  const t = useT();
  const vendor = useLoad(() => ok(api.GET('/api/v1/vendors/{id}', { params: { path: { id: vendorId } } })), [vendorId]);
  const proposals = useLoad(
    () =>
      ok(api.GET('/api/v1/vendors/{vendorId}/proposals', { params: { path: { vendorId }, query: { pageSize: 100 } } })),
    [vendorId],
  );
  const [member, setMember] = useState({ email: '', role: 'member' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  if (vendor.error) return <ErrorAlert error={vendor.error} />;
  if (!vendor.data) return <Loading />;
  const v = vendor.data;
  return (
    <>
      <Title>{v.legalName}</Title>
      <p className="app-meta">{t('org.neqValue', { neq: v.neq })}</p>
      <section aria-labelledby="membres">
        <h2 id="membres">{t('org.members')}</h2>
        <ul>
          {v.members.map((m) => (
            <li key={m.userId}>
              {m.name} ({m.email}) — {t(`org.role.${m.role}`)}
            </li>
          ))}
        </ul>
        {owner && (
          <form
            className="app-form"
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              setDone(false);
              ok(
                api.POST('/api/v1/vendors/{id}/members', {
                  params: { path: { id: vendorId } },
                  body: { email: member.email, role: member.role as 'owner' | 'member' },
                }),
              )
                .then(() => {
                  setDone(true);
                  vendor.reload();
                })
                .catch(setError);
            }}
          >
            <ErrorAlert error={error} />
            {done && <Success>{t('org.memberAdded')}</Success>}
            <Field
              label={t('org.memberEmail')}
              type="email"
              value={member.email}
              onChange={(email) => setMember((m) => ({ ...m, email }))}
              required
            />
            <Field
              label={t('org.memberRole')}
              value={member.role}
              onChange={(role) => setMember((m) => ({ ...m, role }))}
              options={[
                ['member', t('org.role.member')],
                ['owner', t('org.role.owner')],
              ]}
            />
            <button type="submit" className="qc-button qc-secondary">
              {t('org.addMember')}
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="propositions">
        <h2 id="propositions">{t('org.proposals')}</h2>
        <ErrorAlert error={proposals.error} />
        {proposals.data?.items.length === 0 && <p>{t('org.noProposals')}</p>}
        <ul>
          {proposals.data?.items.map((p) => (
            <li key={p.id}>
              <Link href={`/appels/${p.opportunityId}/proposition`}>
                {t('org.proposalFor', { id: p.opportunityId.slice(0, 8) })}
              </Link>{' '}
              — {t(`proposalStatus.${p.status}` as 'proposalStatus.DRAFT')}{' '}
              {p.submittedAt && `(${dateTime(p.submittedAt, t.lang)})`}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
