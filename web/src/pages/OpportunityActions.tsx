// What the logged-in person can do on an opportunity: a vendor's proposal, subscription and
// question; the owning buyer's draft, review, answers and evaluation; the admin's review.
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useMe } from '../App';
import { useT } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Field, Success, useLoad } from '../ui';
import { AddendumForm, CancelForm, InviteForm } from './OpportunityBuyerForms';
import type { Opportunity } from './OpportunityPage';

const path = (o: Opportunity) => ({ params: { path: { id: o.id } } });

/** Runs one API action at a time, with its error and a success message. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (action: () => Promise<unknown>, message: string, then?: () => void) => {
    setBusy(true);
    setError(null);
    setDone(null);
    action()
      .then(() => {
        setDone(message);
        then?.();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return { busy, error, done, run };
}

export function VendorActions({ o }: { o: Opportunity }) {
  const t = useT();
  const me = useMe();
  const action = useAction();
  const [question, setQuestion] = useState('');
  const open = o.status === 'PUBLISHED';
  return (
    <section aria-labelledby="actions-fournisseur" className="app-box">
      <h2 id="actions-fournisseur">{t('vendor.actions')}</h2>
      <ErrorAlert error={action.error} />
      {action.done && <Success>{action.done}</Success>}
      {me && me.vendorOrganizations.length === 0 && (
        <p>
          <Link href="/organisation">{t('vendor.needOrganization')}</Link>
        </p>
      )}
      {me && me.vendorOrganizations.length > 0 && (open || o.status === 'AWARDED' || o.status === 'EVALUATION') && (
        <p>
          <Link className="qc-button qc-primary" href={`/appels/${o.id}/proposition`}>
            {open ? t('vendor.myProposal') : t('vendor.myResult')}
          </Link>
        </p>
      )}
      {open && (
        <>
          <button
            type="button"
            className="qc-button qc-secondary"
            disabled={action.busy}
            onClick={() =>
              action.run(
                () => ok(api.POST('/api/v1/opportunities/{id}/subscriptions', path(o))),
                t('vendor.subscribed'),
              )
            }
          >
            {t('vendor.subscribe')}
          </button>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              action.run(
                () => ok(api.POST('/api/v1/opportunities/{id}/questions', { ...path(o), body: { question } })),
                t('vendor.questionSent'),
                () => setQuestion(''),
              );
            }}
          >
            <Field label={t('vendor.question')} value={question} onChange={setQuestion} multiline required />
            <button type="submit" className="qc-button qc-secondary" disabled={action.busy}>
              {t('vendor.ask')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

export function BuyerActions({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const action = useAction();
  return (
    <section aria-labelledby="actions-acheteur" className="app-box">
      <h2 id="actions-acheteur">{t('buyer.actions')}</h2>
      <ErrorAlert error={action.error} />
      {action.done && <Success>{action.done}</Success>}
      {o.reviewComment && o.status === 'DRAFT' && (
        <p className="app-alert app-alert-warning">{t('buyer.reviewComment', { comment: o.reviewComment })}</p>
      )}
      {o.status === 'DRAFT' && (
        <>
          <p>
            <Link href={`/appels/${o.id}/modifier`}>{t('buyer.edit')}</Link>
          </p>
          <button
            type="button"
            className="qc-button qc-primary"
            disabled={action.busy}
            onClick={() =>
              action.run(
                () => ok(api.POST('/api/v1/opportunities/{id}/submit-for-review', path(o))),
                t('buyer.submitted'),
                onChange,
              )
            }
          >
            {t('buyer.submitForReview')}
          </button>
        </>
      )}
      {o.status === 'UNDER_REVIEW' && <p>{t('buyer.underReview')}</p>}
      {(o.status === 'PUBLISHED' || o.status === 'EVALUATION') && (
        <p>
          <Link href={`/appels/${o.id}/evaluation`}>{t('buyer.evaluation')}</Link>
        </p>
      )}
      {o.status === 'PUBLISHED' && <PendingQuestions o={o} onChange={onChange} />}
      {o.status === 'PUBLISHED' && <AddendumForm o={o} onChange={onChange} />}
      {o.procurementMode === 'invitation' &&
        (o.status === 'DRAFT' || o.status === 'UNDER_REVIEW' || o.status === 'PUBLISHED') && (
          <InviteForm o={o} onChange={onChange} />
        )}
      <CancelForm o={o} onChange={onChange} />
    </section>
  );
}

function PendingQuestions({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const action = useAction();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [answersEn, setAnswersEn] = useState<Record<string, string>>({});
  const list = useLoad(() => ok(api.GET('/api/v1/opportunities/{id}/questions', path(o))), [o.id]);
  const pending = list.data?.items.filter((q) => !q.answer) ?? [];
  if (pending.length === 0) return null;
  return (
    <>
      <h3>{t('buyer.pendingQuestions')}</h3>
      <ErrorAlert error={action.error} />
      {pending.map((q) => (
        <form
          key={q.id}
          onSubmit={(e) => {
            e.preventDefault();
            action.run(
              () =>
                ok(
                  api.POST('/api/v1/opportunities/{id}/questions/{qid}/answer', {
                    params: { path: { id: o.id, qid: q.id } },
                    body: { answer: { fr: answers[q.id] ?? '', ...(answersEn[q.id] ? { en: answersEn[q.id] } : {}) } },
                  }),
                ),
              t('buyer.answered'),
              () => {
                list.reload();
                onChange();
              },
            );
          }}
        >
          <Field
            label={t('buyer.answerTo', { question: q.question })}
            value={answers[q.id] ?? ''}
            onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
            multiline
            required
          />
          <Field
            label={t('buyer.answerEn')}
            value={answersEn[q.id] ?? ''}
            onChange={(v) => setAnswersEn((a) => ({ ...a, [q.id]: v }))}
            multiline
          />
          <button type="submit" className="qc-button qc-secondary" disabled={action.busy}>
            {t('buyer.answer')}
          </button>
        </form>
      ))}
    </>
  );
}

export function AdminReview({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const action = useAction();
  const [justification, setJustification] = useState('');
  const [comment, setComment] = useState('');
  if (o.status === 'PUBLISHED' || o.status === 'EVALUATION')
    return (
      <section aria-labelledby="annulation-admin" className="app-box">
        <h2 id="annulation-admin">{t('admin.title')}</h2>
        <CancelForm o={o} onChange={onChange} />
      </section>
    );
  if (o.status !== 'UNDER_REVIEW') return null;
  return (
    <section aria-labelledby="examen" className="app-box">
      <h2 id="examen">{t('admin.review')}</h2>
      <ErrorAlert error={action.error} />
      {action.done && <Success>{action.done}</Success>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const body = justification ? { splittingJustification: justification } : {};
          action.run(
            () => ok(api.POST('/api/v1/opportunities/{id}/publish', { ...path(o), body })),
            t('admin.published'),
            onChange,
          );
        }}
      >
        <Field
          label={t('admin.splittingJustification')}
          hint={t('admin.splittingHint')}
          value={justification}
          onChange={setJustification}
          multiline
        />
        <button type="submit" className="qc-button qc-primary" disabled={action.busy}>
          {t('admin.publish')}
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run(
            () => ok(api.POST('/api/v1/opportunities/{id}/return-to-draft', { ...path(o), body: { comment } })),
            t('admin.returned'),
            onChange,
          );
        }}
      >
        <Field label={t('admin.returnComment')} value={comment} onChange={setComment} multiline required />
        <button type="submit" className="qc-button qc-secondary" disabled={action.busy}>
          {t('admin.returnToDraft')}
        </button>
      </form>
    </section>
  );
}
