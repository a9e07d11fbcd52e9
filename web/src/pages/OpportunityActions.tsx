// What the logged-in person can do on an opportunity: a vendor's proposal, subscription and
// question; the owning buyer's draft, review, answers and evaluation; the admin's review.
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useMe } from '../App';
import { useT } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Field, Success, useLoad } from '../ui';
import { useApiForm } from '../form';
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
          <QuestionForm o={o} />
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
  const list = useLoad(() => ok(api.GET('/api/v1/opportunities/{id}/questions', path(o))), [o.id]);
  const pending = list.data?.items.filter((q) => !q.answer) ?? [];
  if (pending.length === 0) return null;
  return (
    <>
      <h3>{t('buyer.pendingQuestions')}</h3>
      {pending.map((q) => (
        <AnswerForm
          key={q.id}
          o={o}
          question={q}
          onAnswered={() => {
            list.reload();
            onChange();
          }}
        />
      ))}
    </>
  );
}

function QuestionForm({ o }: { o: Opportunity }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ question: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      onSubmit={submit(async () => {
        setDone(null);
        await ok(api.POST('/api/v1/opportunities/{id}/questions', { ...path(o), body: { question: form.question } }));
        set('question')('');
        setDone(t('vendor.questionSent'));
      })}
    >
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      <Field
        label={t('vendor.question')}
        value={form.question}
        onChange={set('question')}
        error={fields.question}
        multiline
        required
      />
      <button type="submit" className="qc-button qc-secondary" disabled={busy}>
        {t('vendor.ask')}
      </button>
    </form>
  );
}

function AnswerForm(p: { o: Opportunity; question: { id: string; question: string }; onAnswered: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ fr: '', en: '' });
  return (
    <form
      onSubmit={submit(() =>
        ok(
          api.POST('/api/v1/opportunities/{id}/questions/{qid}/answer', {
            params: { path: { id: p.o.id, qid: p.question.id } },
            body: { answer: { fr: form.fr, ...(form.en ? { en: form.en } : {}) } },
          }),
        ).then(p.onAnswered),
      )}
    >
      <ErrorAlert error={error} />
      <Field
        label={t('buyer.answerTo', { question: p.question.question })}
        value={form.fr}
        onChange={set('fr')}
        error={fields['answer.fr'] ?? fields.answer}
        multiline
        required
      />
      <Field label={t('buyer.answerEn')} value={form.en} onChange={set('en')} error={fields['answer.en']} multiline />
      <button type="submit" className="qc-button qc-secondary" disabled={busy}>
        {t('buyer.answer')}
      </button>
    </form>
  );
}

export function AdminReview({ o, onChange }: { o: Opportunity; onChange: () => void }) {
  const t = useT();
  const publish = useApiForm({ justification: '' }, { POSSIBLE_SPLITTING: 'justification' });
  const back = useApiForm({ comment: '' });
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
      <form
        onSubmit={publish.submit(() => {
          const justification = publish.form.justification;
          const body = justification ? { splittingJustification: justification } : {};
          return ok(api.POST('/api/v1/opportunities/{id}/publish', { ...path(o), body })).then(onChange);
        })}
      >
        <ErrorAlert error={publish.error} />
        <Field
          label={t('admin.splittingJustification')}
          hint={t('admin.splittingHint')}
          value={publish.form.justification}
          onChange={publish.set('justification')}
          error={publish.fields.splittingJustification ?? publish.fields.justification}
          multiline
        />
        <button type="submit" className="qc-button qc-primary" disabled={publish.busy}>
          {t('admin.publish')}
        </button>
      </form>
      <form
        onSubmit={back.submit(() =>
          ok(
            api.POST('/api/v1/opportunities/{id}/return-to-draft', {
              ...path(o),
              body: { comment: back.form.comment },
            }),
          ).then(onChange),
        )}
      >
        <ErrorAlert error={back.error} />
        <Field
          label={t('admin.returnComment')}
          value={back.form.comment}
          onChange={back.set('comment')}
          error={back.fields.comment}
          multiline
          required
        />
        <button type="submit" className="qc-button qc-secondary" disabled={back.busy}>
          {t('admin.returnToDraft')}
        </button>
      </form>
    </section>
  );
}
