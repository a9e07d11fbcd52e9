// The evaluation of an opportunity: the buyer names the committee and awards; each member signs
// the declaration and scores (blind until their own scores are in); the secretary records the
// consensus (average as a hint), disqualifies, locks, draws a tie. Ranking after the lock.
import { useState } from 'react';
import { api, ApiError, ok, type Schemas } from '../api/client';
import { useMe } from '../App';
import { money } from '../format';
import { localized, useT } from '../i18n';
import { Link, navigate } from '../router';
import { useApiForm } from '../form';
import { Checkbox, ErrorAlert, Field, Loading, Success, Title, useLoad } from '../ui';
import { EvaluatorSearch } from './EvaluatorSearch';
import { ScoringGrid } from './ScoringGrid';

export function EvaluationPage({ opportunityId }: { opportunityId: string }) {
  const t = useT();
  const me = useMe();
  const id = { params: { path: { id: opportunityId } } };
  const data = useLoad(async () => {
    const opportunity = await ok(api.GET('/api/v1/opportunities/{id}', id));
    const committee = await ok(api.GET('/api/v1/opportunities/{id}/committee', id)).catch(() => null);
    // Before the lock the ranking does not exist (the API refuses it): null.
    const ranking =
      opportunity.status === 'EVALUATION' || opportunity.status === 'AWARDED'
        ? await ok(api.GET('/api/v1/opportunities/{id}/ranking', id)).catch(() => null)
        : null;
    // A committee member reads nothing before signing the declaration: the API says so (DECLARATION_REQUIRED).
    const mustSign =
      opportunity.status === 'EVALUATION' &&
      (await ok(
        api.GET('/api/v1/opportunities/{id}/proposals', { params: { path: id.params.path, query: { pageSize: 1 } } }),
      )
        .then(() => false)
        .catch((e: unknown) => e instanceof ApiError && e.code === 'DECLARATION_REQUIRED'));
    return { opportunity, committee, ranking, mustSign };
  }, [opportunityId, me?.id]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = (call: Promise<unknown>, done: string, then?: (result: unknown) => void) => {
    setError(null);
    setMessage(null);
    call.then((result) => {
      setMessage(done);
      if (then) then(result);
      else data.reload();
    }, setError);
  };
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loading />;
  const { opportunity: o, committee, ranking, mustSign } = data.data;
  const isSecretary = committee?.secretaryId === me?.id;
  const member = committee?.evaluators.find((e) => e.id === me?.id);
  const isBuyer = me?.role === 'buyer';
  const closed = o.status === 'EVALUATION';
  return (
    <>
      <Title>{t('eval.title', { title: localized(o.title, t.lang) })}</Title>
      <p className="app-meta">
        <Link href={`/appels/${o.id}`}>{o.reference}</Link> · {t(`status.${o.status}`)}
      </p>
      <ErrorAlert error={error} />
      {message && <Success>{message}</Success>}
      {committee && <CommitteeSummary committee={committee} />}
      {isBuyer && (o.status === 'PUBLISHED' || (closed && !ranking && committee?.evaluationBlocked)) && (
        <CommitteeForm opportunityId={o.id} committee={committee} onSaved={data.reload} />
      )}
      {(member || isSecretary) && closed && mustSign && (
        <Declaration
          onSign={(conflicts) =>
            run(
              ok(
                api.POST('/api/v1/opportunities/{id}/declarations', {
                  ...id,
                  body: { confidentiality: true, conflictWithVendorIds: conflicts },
                }),
              ),
              t('eval.signed'),
            )
          }
        />
      )}
      {(member || isSecretary) && closed && !mustSign && !ranking && (
        <ScoringGrid
          opportunity={o}
          secretary={isSecretary}
          evaluatorId={member && !member.recused ? member.id : undefined}
          onChange={data.reload}
        />
      )}
      {isSecretary && closed && !mustSign && !ranking && (
        <button
          type="button"
          className="qc-button qc-primary"
          onClick={() => run(ok(api.POST('/api/v1/opportunities/{id}/evaluation/lock', id)), t('eval.locked'))}
        >
          {t('eval.lock')}
        </button>
      )}
      {ranking && (
        <Ranking
          ranking={ranking}
          canAward={isBuyer && closed}
          canDraw={isSecretary && closed}
          onAward={(proposalId) =>
            run(
              ok(api.POST('/api/v1/opportunities/{id}/award', { ...id, body: { proposalId } })),
              t('eval.awarded'),
              (award) => navigate(`/contrats/${(award as Schemas['AwardView']).contractId}`),
            )
          }
          onDraw={() => run(ok(api.POST('/api/v1/opportunities/{id}/draw', id)), t('eval.drawn'))}
        />
      )}
      {isBuyer && closed && (ranking ? !ranking.items.some((i) => i.rank === 1) : o.proposalCount === 0) && (
        <ConcludeForm
          onConclude={(reason) =>
            run(
              ok(api.POST('/api/v1/opportunities/{id}/conclude-without-award', { ...id, body: { reason } })),
              t('eval.concluded'),
              () => navigate(`/appels/${o.id}`),
            )
          }
        />
      )}
    </>
  );
}

function ConcludeForm({ onConclude }: { onConclude: (reason: string) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  return (
    <form
      className="app-form app-box"
      onSubmit={(e) => {
        e.preventDefault();
        onConclude(reason);
      }}
    >
      <h2>{t('eval.conclude')}</h2>
      <p>{t('eval.concludeHint')}</p>
      <Field label={t('eval.concludeReason')} value={reason} onChange={setReason} multiline required />
      <button type="submit" className="qc-button qc-secondary">
        {t('eval.concludeButton')}
      </button>
    </form>
  );
}

function CommitteeSummary({ committee }: { committee: Schemas['CommitteeView'] }) {
  const t = useT();
  return (
    <section className="app-box" aria-labelledby="comite">
      <h2 id="comite">{t('eval.committee')}</h2>
      <p>{t('eval.secretary', { name: committee.secretaryName ?? '—' })}</p>
      <ul>
        {committee.evaluators.map((e) => (
          <li key={e.id}>
            {e.name} — {e.recused ? t('eval.recused') : e.signed ? t('eval.hasSigned') : t('eval.notSigned')}
            {e.recused === null && ` (${t('eval.recusalSealed')})`}
          </li>
        ))}
      </ul>
      {committee.evaluationBlocked && (
        <p className="app-alert app-alert-warning">{t('eval.blocked', { n: committee.minEvaluators })}</p>
      )}
    </section>
  );
}

/** The committee, chosen through the search (or by account identifiers); INVALID_COMMITTEE (composition rules) lands on the evaluators. */
function CommitteeForm(p: { opportunityId: string; committee: Schemas['CommitteeView'] | null; onSaved: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm(
    {
      secretaryId: p.committee?.secretaryId ?? '',
      evaluatorIds: p.committee?.evaluators.map((e) => e.id).join(', ') ?? '',
    },
    { INVALID_COMMITTEE: 'evaluatorIds' },
  );
  const [done, setDone] = useState<string | null>(null);
  const addEvaluator = (id: string) => {
    const ids = form.evaluatorIds.split(/[\s,]+/).filter(Boolean);
    if (!ids.includes(id)) set('evaluatorIds')([...ids, id].join(', '));
  };
  return (
    <>
      <EvaluatorSearch onSecretary={set('secretaryId')} onEvaluator={addEvaluator} />
      <form
        className="app-form app-box"
        onSubmit={submit(async () => {
          setDone(null);
          const body = {
            secretaryId: form.secretaryId.trim(),
            evaluatorIds: form.evaluatorIds.split(/[\s,]+/).filter(Boolean),
          };
          await ok(
            api.PUT('/api/v1/opportunities/{id}/committee', { params: { path: { id: p.opportunityId } }, body }),
          );
          setDone(t('eval.committeeSaved'));
          p.onSaved();
        })}
      >
        <h2>{t('eval.committeeForm')}</h2>
        <ErrorAlert error={error} />
        {done && <Success>{done}</Success>}
        <Field
          label={t('eval.secretaryId')}
          value={form.secretaryId}
          onChange={set('secretaryId')}
          error={fields.secretaryId}
          required
        />
        <Field
          label={t('eval.evaluatorIds')}
          hint={t('eval.evaluatorIdsHint')}
          value={form.evaluatorIds}
          onChange={set('evaluatorIds')}
          error={fields.evaluatorIds ?? Object.entries(fields).find(([k]) => k.startsWith('evaluatorIds'))?.[1]}
          required
        />
        <button type="submit" className="qc-button qc-secondary" disabled={busy}>
          {t('eval.saveCommittee')}
        </button>
      </form>
    </>
  );
}

function Declaration({ onSign }: { onSign: (conflicts: string[]) => void }) {
  const t = useT();
  const [confidential, setConfidential] = useState(false);
  const [conflicts, setConflicts] = useState('');
  return (
    <form
      className="app-form app-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (confidential) onSign(conflicts.split(/[\s,]+/).filter(Boolean));
      }}
    >
      <h2>{t('eval.declaration')}</h2>
      <Checkbox label={t('eval.confidentiality')} checked={confidential} onChange={setConfidential} />
      <Field label={t('eval.conflicts')} hint={t('eval.conflictsHint')} value={conflicts} onChange={setConflicts} />
      <button type="submit" className="qc-button qc-primary" disabled={!confidential}>
        {t('eval.sign')}
      </button>
    </form>
  );
}

function Ranking(p: {
  ranking: Schemas['RankingView'];
  canAward: boolean;
  canDraw: boolean;
  onAward: (id: string) => void;
  onDraw: () => void;
}) {
  const t = useT();
  const r = p.ranking;
  return (
    <section aria-labelledby="classement">
      <h2 id="classement">{t('eval.ranking')}</h2>
      {r.tie && !r.draw && p.canDraw && (
        <button type="button" className="qc-button qc-secondary" onClick={p.onDraw}>
          {t('eval.draw')}
        </button>
      )}
      <table className="app-table">
        <thead>
          <tr>
            <th scope="col">{t('eval.rank')}</th>
            <th scope="col">{t('eval.vendor')}</th>
            <th scope="col">{t('result.quality')}</th>
            <th scope="col">{t('result.price')}</th>
            <th scope="col">{t('result.adjusted')}</th>
            {p.canAward && <th scope="col">{t('eval.award')}</th>}
          </tr>
        </thead>
        <tbody>
          {r.items.map((i) => (
            <tr key={i.proposalId}>
              <td>{i.rank ?? t('eval.notAcceptable')}</td>
              <td>{i.vendorName}</td>
              <td>{i.qualityScore ?? '—'}</td>
              <td>{money(i.priceCents, t.lang)}</td>
              <td>{money(i.adjustedPriceCents, t.lang)}</td>
              {p.canAward && (
                <td>
                  {i.rank === 1 && (
                    <button type="button" className="qc-button qc-primary" onClick={() => p.onAward(i.proposalId)}>
                      {t('eval.awardTo', { vendor: i.vendorName })}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
