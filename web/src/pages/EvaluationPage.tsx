// The evaluation of an opportunity: the buyer names the committee and awards; each member signs
// the declaration and scores (blind until their own scores are in); the secretary records the
// consensus (average as a hint), disqualifies, locks, draws a tie. Ranking after the lock.
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { useMe } from '../App';
import { money } from '../format';
import { localized, useT } from '../i18n';
import { Link } from '../router';
import { Checkbox, ErrorAlert, Field, Loading, Success, Title, useLoad } from '../ui';
import { ScoringGrid } from './ScoringGrid';

export function EvaluationPage({ opportunityId }: { opportunityId: string }) {
  const t = useT();
  const me = useMe();
  const id = { params: { path: { id: opportunityId } } };
  const data = useLoad(async () => {
    const opportunity = await ok(api.GET('/api/v1/opportunities/{id}', id));
    const committee = await ok(api.GET('/api/v1/opportunities/{id}/committee', id)).catch(() => null);
    return { opportunity, committee };
  }, [opportunityId, me?.id]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = (call: Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    call.then(() => {
      setMessage(done);
      data.reload();
    }, setError);
  };
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loading />;
  const { opportunity: o, committee } = data.data;
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
      {isBuyer && (o.status === 'PUBLISHED' || closed) && (
        <CommitteeForm
          committee={committee}
          onSave={(body) =>
            run(ok(api.PUT('/api/v1/opportunities/{id}/committee', { ...id, body })), t('eval.committeeSaved'))
          }
        />
      )}
      {(member || isSecretary) && closed && !(member?.signed ?? true) && (
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
      {(member?.signed || isSecretary) && closed && (
        <ScoringGrid opportunity={o} secretary={isSecretary} onChange={data.reload} />
      )}
      {isSecretary && closed && (
        <button
          type="button"
          className="qc-button qc-primary"
          onClick={() => run(ok(api.POST('/api/v1/opportunities/{id}/evaluation/lock', id)), t('eval.locked'))}
        >
          {t('eval.lock')}
        </button>
      )}
      {(isBuyer || isSecretary || member) && (closed || o.status === 'AWARDED') && (
        <Ranking
          opportunityId={o.id}
          canAward={isBuyer && closed}
          canDraw={isSecretary}
          onAward={(proposalId) =>
            run(ok(api.POST('/api/v1/opportunities/{id}/award', { ...id, body: { proposalId } })), t('eval.awarded'))
          }
          onDraw={() => run(ok(api.POST('/api/v1/opportunities/{id}/draw', id)), t('eval.drawn'))}
        />
      )}
    </>
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
          </li>
        ))}
      </ul>
      {committee.evaluationBlocked && (
        <p className="app-alert app-alert-warning">{t('eval.blocked', { n: committee.minEvaluators })}</p>
      )}
    </section>
  );
}

function CommitteeForm(p: {
  committee: Schemas['CommitteeView'] | null;
  onSave: (b: Schemas['ReplaceCommitteeDto']) => void;
}) {
  const t = useT();
  const [secretaryId, setSecretary] = useState(p.committee?.secretaryId ?? '');
  const [evaluators, setEvaluators] = useState(p.committee?.evaluators.map((e) => e.id).join(', ') ?? '');
  return (
    <form
      className="app-form app-box"
      onSubmit={(e) => {
        e.preventDefault();
        p.onSave({ secretaryId: secretaryId.trim(), evaluatorIds: evaluators.split(/[\s,]+/).filter(Boolean) });
      }}
    >
      <h2>{t('eval.committeeForm')}</h2>
      <Field label={t('eval.secretaryId')} value={secretaryId} onChange={setSecretary} required />
      <Field
        label={t('eval.evaluatorIds')}
        hint={t('eval.evaluatorIdsHint')}
        value={evaluators}
        onChange={setEvaluators}
        required
      />
      <button type="submit" className="qc-button qc-secondary">
        {t('eval.saveCommittee')}
      </button>
    </form>
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
  opportunityId: string;
  canAward: boolean;
  canDraw: boolean;
  onAward: (id: string) => void;
  onDraw: () => void;
}) {
  const t = useT();
  const ranking = useLoad(
    () => ok(api.GET('/api/v1/opportunities/{id}/ranking', { params: { path: { id: p.opportunityId } } })),
    [p.opportunityId],
  );
  if (ranking.error) return null; // before the lock the ranking does not exist yet
  if (!ranking.data) return <Loading />;
  const r = ranking.data;
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
