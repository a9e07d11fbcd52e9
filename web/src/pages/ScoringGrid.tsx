// The scoring grid: one row per proposal and criterion. An evaluator's own scores first (others
// stay hidden until they are in: the API answers blind); the secretary also records the consensus
// with the committee's average as a hint, or disqualifies a proposal.
import { useState } from 'react';
import { api, ApiError, ok, type Schemas } from '../api/client';
import { localized, useT } from '../i18n';
import { ErrorAlert, Field, Success, useLoad } from '../ui';

export function ScoringGrid(p: {
  opportunity: Schemas['OpportunityView'];
  secretary: boolean;
  evaluatorId?: string;
  onChange: () => void;
}) {
  const t = useT();
  const proposals = useLoad(
    () =>
      ok(
        api.GET('/api/v1/opportunities/{id}/proposals', {
          params: { path: { id: p.opportunity.id }, query: { pageSize: 100 } },
        }),
      ),
    [p.opportunity.id],
  );
  if (proposals.error) return <ErrorAlert error={proposals.error} />;
  return (
    <section aria-labelledby="grille">
      <h2 id="grille">{t('eval.grid')}</h2>
      {proposals.data?.items.map((proposal, n) => (
        <ProposalScores
          key={proposal.id}
          n={n + 1}
          proposal={proposal}
          opportunity={p.opportunity}
          secretary={p.secretary}
          evaluatorId={p.evaluatorId}
        />
      ))}
    </section>
  );
}

function ProposalScores(p: {
  n: number;
  proposal: Schemas['ProposalView'];
  opportunity: Schemas['OpportunityView'];
  secretary: boolean;
  evaluatorId?: string;
}) {
  const t = useT();
  const path = { params: { path: { id: p.proposal.id } } };
  const scores = useLoad(() => ok(api.GET('/api/v1/proposals/{id}/scores', path)), [p.proposal.id]);
  const [mine, setMine] = useState<Record<string, { score: string; text: string }>>({});
  const [consensus, setConsensus] = useState<Record<string, { score: string; text: string }>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const criteria = p.opportunity.criteria;
  const [errorIn, setErrorIn] = useState<'mine' | 'consensus' | 'disqualify' | null>(null);
  const run = (form: 'mine' | 'consensus' | 'disqualify', call: Promise<unknown>, message: string) => {
    setError(null);
    setDone(null);
    setErrorIn(form);
    call.then(() => {
      setDone(message);
      scores.reload();
    }, setError);
  };
  /** The API's field messages (scores[i].score, reason, …) for the form that was sent. */
  const fieldError = (form: 'mine' | 'consensus' | 'disqualify', path: string) =>
    errorIn === form && error instanceof ApiError ? error.fields[path] : undefined;
  const own = scores.data?.items.filter((s) => s.evaluatorId === p.evaluatorId) ?? [];
  const others =
    scores.data && !scores.data.blind ? scores.data.items.filter((s) => s.evaluatorId !== p.evaluatorId) : [];
  const myValue = (criterionId: string, key: 'score' | 'text') => {
    const typed = mine[criterionId]?.[key];
    if (typed !== undefined) return typed;
    const saved = own.find((s) => s.criterionId === criterionId);
    return saved ? (key === 'score' ? saved.score : saved.comment) : '';
  };
  const average = (criterionId: string) => scores.data?.averages?.find((a) => a.criterionId === criterionId)?.average;
  return (
    <article className="app-box" aria-labelledby={`proposition-${p.n}`}>
      <h3 id={`proposition-${p.n}`}>{t('eval.proposalN', { n: p.n, vendor: p.proposal.vendorName })}</h3>
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      {p.proposal.responses.map((r) => {
        const c = criteria.find((x) => x.id === r.criterionId);
        return (
          <div key={r.criterionId} className="app-response">
            <h4>{c ? localized(c.title, t.lang) : r.criterionId}</h4>
            <p>{r.text}</p>
          </div>
        );
      })}
      {p.evaluatorId && scores.data?.blind && <p className="app-hint">{t('eval.blind')}</p>}
      {others.length > 0 && (
        <table className="app-table">
          <caption>{t('eval.othersScores')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('eval.member')}</th>
              <th scope="col">{t('opp.criterion')}</th>
              <th scope="col">{t('eval.score')}</th>
              <th scope="col">{t('eval.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {others.map((s) => (
              <tr key={`${s.evaluatorId}-${s.criterionId}`}>
                <td>{s.evaluatorName}</td>
                <td>{localized(criteria.find((c) => c.id === s.criterionId)?.title, t.lang)}</td>
                <td>{s.score}</td>
                <td>{s.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.evaluatorId && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const body = {
              scores: criteria.map((c) => ({
                criterionId: c.id,
                score: myValue(c.id, 'score'),
                comment: myValue(c.id, 'text'),
              })),
            };
            run('mine', ok(api.PUT('/api/v1/proposals/{id}/scores', { ...path, body })), t('eval.scoresSaved'));
          }}
        >
          <fieldset>
            <legend>{t('eval.myScores')}</legend>
            {criteria.map((c, i) => (
              <div key={c.id} className="app-grid">
                <Field
                  error={fieldError('mine', `scores[${i}].score`)}
                  label={t('eval.scoreFor', { criterion: localized(c.title, t.lang) })}
                  hint={t('eval.scoreHint')}
                  value={myValue(c.id, 'score')}
                  onChange={(score) => setMine((m) => ({ ...m, [c.id]: { text: myValue(c.id, 'text'), score } }))}
                />
                <Field
                  label={t('eval.commentFor', { criterion: localized(c.title, t.lang) })}
                  value={myValue(c.id, 'text')}
                  onChange={(text) => setMine((m) => ({ ...m, [c.id]: { score: myValue(c.id, 'score'), text } }))}
                />
              </div>
            ))}
          </fieldset>
          <button type="submit" className="qc-button qc-secondary">
            {t('eval.saveScores')}
          </button>
        </form>
      )}
      {p.secretary && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const body = {
                scores: criteria.map((c) => ({
                  criterionId: c.id,
                  score: consensus[c.id]?.score ?? '',
                  rationale: consensus[c.id]?.text ?? '',
                })),
              };
              run(
                'consensus',
                ok(api.PUT('/api/v1/proposals/{id}/consensus', { ...path, body })),
                t('eval.consensusSaved'),
              );
            }}
          >
            <fieldset>
              <legend>{t('eval.consensus')}</legend>
              {criteria.map((c, i) => (
                <div key={c.id} className="app-grid">
                  <Field
                    error={fieldError('consensus', `scores[${i}].score`)}
                    label={t('eval.consensusFor', { criterion: localized(c.title, t.lang) })}
                    hint={average(c.id) ? t('eval.average', { average: average(c.id)! }) : undefined}
                    value={consensus[c.id]?.score ?? ''}
                    onChange={(score) => setConsensus((m) => ({ ...m, [c.id]: { text: m[c.id]?.text ?? '', score } }))}
                  />
                  <Field
                    label={t('eval.rationaleFor', { criterion: localized(c.title, t.lang) })}
                    value={consensus[c.id]?.text ?? ''}
                    onChange={(text) => setConsensus((m) => ({ ...m, [c.id]: { score: m[c.id]?.score ?? '', text } }))}
                  />
                </div>
              ))}
            </fieldset>
            <button type="submit" className="qc-button qc-secondary">
              {t('eval.saveConsensus')}
            </button>
          </form>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              run(
                'disqualify',
                ok(api.POST('/api/v1/proposals/{id}/disqualify', { ...path, body: { reason } })),
                t('eval.disqualified'),
              );
            }}
          >
            <Field
              label={t('eval.disqualifyReason')}
              value={reason}
              onChange={setReason}
              error={fieldError('disqualify', 'reason')}
              required
            />
            <button type="submit" className="qc-button qc-secondary">
              {t('eval.disqualify')}
            </button>
          </form>
        </>
      )}
    </article>
  );
}
