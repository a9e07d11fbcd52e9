// The owning buyer's forms on a published opportunity: an addendum (with a later deadline or a
// price change), invitations (by business identifiers), and the cancellation (also the admin's).
// Errors are the API's, shown on the fields they name.
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useApiForm } from '../form';
import { fromMontrealLocalInput } from '../format';
import { useT } from '../i18n';
import { Checkbox, ErrorAlert, Field, Success } from '../ui';
import type { Opportunity } from './OpportunityPage';

const path = (o: Opportunity) => ({ params: { path: { id: o.id } } });

export function AddendumForm({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm(
    { fr: '', en: '', deadline: '' },
    { DEADLINE_CANNOT_SHRINK: 'deadline' },
  );
  const [affectsPrice, setAffectsPrice] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      className="app-form"
      onSubmit={submit(async () => {
        setDone(null);
        const newProposalDeadline = form.deadline
          ? (fromMontrealLocalInput(form.deadline) ?? form.deadline)
          : undefined;
        await ok(
          api.POST('/api/v1/opportunities/{id}/addenda', {
            ...path(o),
            body: {
              body: { fr: form.fr, ...(form.en ? { en: form.en } : {}) },
              affectsPrice,
              ...(newProposalDeadline ? { newProposalDeadline } : {}),
            },
          }),
        );
        setDone(t('addendum.published'));
        for (const key of ['fr', 'en', 'deadline'] as const) set(key)('');
        setAffectsPrice(false);
        onChange();
      })}
    >
      <h3>{t('addendum.title')}</h3>
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      <Field
        label={t('addendum.body')}
        hint={t('form.markdownHint')}
        value={form.fr}
        onChange={set('fr')}
        error={fields['body.fr'] ?? fields.body}
        multiline
        required
      />
      <Field label={t('addendum.bodyEn')} value={form.en} onChange={set('en')} error={fields['body.en']} multiline />
      <Field
        label={t('addendum.newDeadline')}
        type="datetime-local"
        value={form.deadline}
        onChange={set('deadline')}
        error={fields.newProposalDeadline ?? fields.deadline}
      />
      <Checkbox
        label={t('addendum.affectsPrice')}
        checked={affectsPrice}
        onChange={setAffectsPrice}
        error={fields.affectsPrice}
      />
      <button type="submit" className="qc-button qc-secondary" disabled={busy}>
        {t('addendum.publish')}
      </button>
    </form>
  );
}

export function InviteForm({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ ids: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      className="app-form"
      onSubmit={submit(async () => {
        setDone(null);
        const vendorIds = form.ids.split(/[\s,]+/).filter(Boolean);
        await ok(api.POST('/api/v1/opportunities/{id}/invitations', { ...path(o), body: { vendorIds } }));
        setDone(t('invite.done'));
        set('ids')('');
        onChange();
      })}
    >
      <h3>{t('invite.title')}</h3>
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      {o.invitedVendors && o.invitedVendors.length > 0 && (
        <>
          <p>{t('invite.invited')} :</p>
          <ul>
            {o.invitedVendors.map((v) => (
              <li key={v.vendorId}>{v.legalName}</li>
            ))}
          </ul>
        </>
      )}
      <Field
        label={t('invite.ids')}
        hint={t('invite.hint')}
        value={form.ids}
        onChange={set('ids')}
        error={fields.vendorIds}
        required
      />
      <button type="submit" className="qc-button qc-secondary" disabled={busy}>
        {t('invite.button')}
      </button>
    </form>
  );
}

export function CancelForm({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ reason: '' });
  if (!['UNDER_REVIEW', 'PUBLISHED', 'EVALUATION'].includes(o.status)) return null;
  return (
    <form
      className="app-form"
      onSubmit={submit(() =>
        ok(api.POST('/api/v1/opportunities/{id}/cancel', { ...path(o), body: { reason: form.reason } })).then(onChange),
      )}
    >
      <h3>{t('cancel.title')}</h3>
      <ErrorAlert error={error} />
      <Field
        label={t('cancel.reason')}
        value={form.reason}
        onChange={set('reason')}
        error={fields.reason}
        multiline
        required
      />
      <button type="submit" className="qc-button qc-secondary" disabled={busy}>
        {t('cancel.button')}
      </button>
    </form>
  );
}
