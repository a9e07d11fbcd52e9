// An opportunity as the public sees it (description, criteria, K, deadlines, addenda, answers,
// award notice), with the actions of the person who is logged in beside it.
import { api, ok, type Schemas } from '../api/client';
import { useMe } from '../App';
import { date, dateTime, money, timeLeft } from '../format';
import { localized, useT } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Loading, Markdown, Title, useLoad, useNow } from '../ui';
import { AdminReview, BuyerActions, VendorActions } from './OpportunityActions';

export type Opportunity = Schemas['OpportunityView'];

export function OpportunityPage({ id }: { id: string }) {
  const t = useT();
  const me = useMe();
  const loaded = useLoad(() => ok(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } })), [id, me?.id]);
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const o = loaded.data;
  const ownsIt = me?.role === 'buyer' && String(me.publicBodyId ?? '') === o.publicBody.id;
  return (
    <>
      <Title>{localized(o.title, t.lang)}</Title>
      <p className="app-meta">
        {localized(o.publicBody.name, t.lang)} · {o.reference} ·{' '}
        <span className={`app-status app-status-${o.status}`}>{t(`status.${o.status}`)}</span>
      </p>
      {o.award && <AwardNotice award={o.award} opportunityId={o.id} />}
      {o.status === 'CANCELLED' && (
        <div className="app-alert app-alert-warning">
          <p>
            {t('opp.cancelled', { when: dateTime(o.cancelledAt, t.lang) })} {o.cancellationReason}
          </p>
        </div>
      )}
      {o.status === 'UNSUCCESSFUL' && (
        <div className="app-alert app-alert-warning">
          <p>
            {t('opp.unsuccessful', { when: dateTime(o.unsuccessfulAt, t.lang) })} {o.unsuccessfulReason}
          </p>
        </div>
      )}
      <div className="app-two-columns">
        <div>
          <OpportunityDetails o={o} />
        </div>
        <aside aria-label={t('opp.actions')} className="app-aside">
          <Deadlines o={o} />
          {me?.role === 'vendor' && <VendorActions o={o} />}
          {ownsIt && <BuyerActions o={o} onChange={loaded.reload} />}
          {me?.role === 'admin' && <AdminReview o={o} onChange={loaded.reload} />}
          {o.publishedAt && <OpenData ocid={o.ocid} />}
        </aside>
      </div>
    </>
  );
}

function AwardNotice({ award, opportunityId }: { award: NonNullable<Opportunity['award']>; opportunityId: string }) {
  const t = useT();
  const me = useMe();
  // The contract itself is for the owning buyers and the supplier (the API lists only what one may read).
  const contracts = useLoad(
    () =>
      me && (me.role === 'buyer' || me.role === 'vendor')
        ? ok(api.GET('/api/v1/contracts', { params: { query: { pageSize: 100 } } })).then((p) => p.items)
        : Promise.resolve([]),
    [me?.id],
  );
  const contract = contracts.data?.find((c) => c.opportunityId === opportunityId);
  return (
    <section className="app-alert app-alert-success" aria-labelledby="avis-adjudication">
      <h2 id="avis-adjudication">{t('opp.awardNotice')}</h2>
      <p>
        {t('opp.awardedTo', {
          vendor: award.vendorName,
          amount: money(award.contractAmountCents, t.lang),
          when: dateTime(award.awardedAt, t.lang),
        })}
      </p>
      <p>{t('opp.contractReference', { reference: award.contractReference })}</p>
      {contract && (
        <p>
          <Link href={`/contrats/${contract.id}`}>{t('opp.seeContract', { reference: contract.reference })}</Link>
        </p>
      )}
    </section>
  );
}

function Deadlines({ o }: { o: Opportunity }) {
  const t = useT();
  const now = useNow();
  const left = timeLeft(o.proposalDeadline, now, t.lang);
  return (
    <section aria-labelledby="echeances" className="app-box">
      <h2 id="echeances">{t('opp.deadlines')}</h2>
      <dl className="app-facts">
        <div>
          <dt>{t('opp.deadline')}</dt>
          <dd>
            {dateTime(o.proposalDeadline, t.lang)}
            {left && (
              <>
                <br />
                <strong>{t('opp.timeLeft', { left })}</strong>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('opp.questionsDeadline')}</dt>
          <dd>{dateTime(o.questionsDeadline, t.lang)}</dd>
        </div>
        <div>
          <dt>{t('opp.complaintDeadline')}</dt>
          <dd>{dateTime(o.complaintDeadline, t.lang)}</dd>
        </div>
        <div>
          <dt>{t('opp.deliveryDueDate')}</dt>
          <dd>{date(o.deliveryDueDate, t.lang)}</dd>
        </div>
        <div>
          <dt>{t('opp.estimatedValue')}</dt>
          <dd>{money(o.estimatedValueCents, t.lang)}</dd>
        </div>
        {o.proposalCount !== undefined && (
          <div>
            <dt>{t('opp.proposalCount')}</dt>
            <dd>{o.proposalCount}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function OpportunityDetails({ o }: { o: Opportunity }) {
  const t = useT();
  const answered = o.questions.filter((q) => q.answer);
  return (
    <>
      <p className="app-lead">{localized(o.summary, t.lang)}</p>
      <section aria-labelledby="description">
        <h2 id="description">{t('opp.description')}</h2>
        <Markdown text={localized(o.description, t.lang)} />
      </section>
      {o.skills.length > 0 && (
        <p>
          <strong>{t('opp.skills')} :</strong> {o.skills.join(', ')}
        </p>
      )}
      <section aria-labelledby="evaluation">
        <h2 id="evaluation">{t('opp.evaluation')}</h2>
        <p>
          {t(`method.${o.evaluationMethod}`)}
          {o.kPercent !== null && ` — ${t('opp.k', { k: o.kPercent })}`}
        </p>
        <table className="app-table">
          <caption>{t('opp.criteria')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('opp.criterion')}</th>
              <th scope="col">{t('opp.weight')}</th>
              <th scope="col">{t('opp.minimumRequired')}</th>
            </tr>
          </thead>
          <tbody>
            {o.criteria.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {localized(c.title, t.lang)}
                  {c.description && <div className="app-hint">{localized(c.description, t.lang)}</div>}
                </th>
                <td>{c.weight} %</td>
                <td>{c.minimumRequired ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {o.acceptanceCriteria.length > 0 && (
          <>
            <h3>{t('opp.acceptanceCriteria')}</h3>
            <ul>
              {o.acceptanceCriteria.map((a, i) => (
                <li key={i}>{localized(a, t.lang)}</li>
              ))}
            </ul>
          </>
        )}
        {o.license && <p>{t('opp.license', { license: o.license })}</p>}
      </section>
      <section aria-labelledby="addenda">
        <h2 id="addenda">{t('opp.addenda')}</h2>
        {o.addenda.length === 0 && <p>{t('opp.noAddenda')}</p>}
        {o.addenda.map((a) => (
          <article key={a.id} className="app-box">
            <h3>{t('opp.addendum', { n: a.number, when: dateTime(a.publishedAt, t.lang) })}</h3>
            <Markdown text={localized(a.body, t.lang)} />
            {a.proposalDeadline !== a.previousDeadline && (
              <p>{t('opp.deadlineMoved', { when: dateTime(a.proposalDeadline, t.lang) })}</p>
            )}
          </article>
        ))}
      </section>
      <section aria-labelledby="questions">
        <h2 id="questions">{t('opp.questions')}</h2>
        {answered.length === 0 && <p>{t('opp.noQuestions')}</p>}
        <dl>
          {answered.map((q) => (
            <div key={q.id} className="app-qa">
              <dt>{q.question}</dt>
              <dd>{localized(q.answer, t.lang)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

/** The opportunity's open data (OCDS), public once it is published. */
function OpenData({ ocid }: { ocid: string }) {
  const t = useT();
  const id = encodeURIComponent(ocid);
  return (
    <section aria-labelledby="donnees-ouvertes" className="app-box">
      <h2 id="donnees-ouvertes">{t('opp.openData')}</h2>
      <ul>
        <li>
          <a href={`/api/v1/ocds/records/${id}`}>{t('opp.ocdsRecord')}</a>
        </li>
        <li>
          <a href={`/api/v1/ocds/releases/${id}`}>{t('opp.ocdsReleases')}</a>
        </li>
      </ul>
    </section>
  );
}
