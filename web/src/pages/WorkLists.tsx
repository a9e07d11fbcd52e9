// The staff's own lists: a buyer's opportunities (drafts included) and the admins' review queue.
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { dateTime } from '../format';
import { localized, useT, type TextKey } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Loading, Title, useLoad } from '../ui';

type Status = NonNullable<Schemas['WorkItemView']['status']>;
const STATUSES: Status[] = ['DRAFT', 'UNDER_REVIEW', 'PUBLISHED', 'EVALUATION', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED'];

function WorkItems({ items }: { items: Schemas['WorkItemView'][] }) {
  const t = useT();
  return (
    <ul>
      {items.map((o) => (
        <li key={o.id}>
          <Link href={`/appels/${o.id}`}>{localized(o.title, t.lang)}</Link> — {o.reference} —{' '}
          {t(`status.${o.status}` as TextKey)} — {t('work.updated', { at: dateTime(o.updatedAt, t.lang) })}
        </li>
      ))}
    </ul>
  );
}

/** `/mes-appels`: every opportunity of the buyer's public body, filterable by status. */
export function MyOpportunitiesPage() {
  const t = useT();
  const [status, setStatus] = useState<Status | ''>('');
  const list = useLoad(
    () =>
      ok(
        api.GET('/api/v1/me/opportunities', {
          params: { query: { pageSize: 100, ...(status ? { status } : {}) } },
        }),
      ),
    [status],
  );
  return (
    <>
      <Title>{t('work.mine')}</Title>
      <div className="qc-field">
        <label htmlFor="statut">{t('work.status')}</label>
        <select id="statut" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
          <option value="">{t('work.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}` as TextKey)}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert error={list.error} />
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <>
          <p>{t('work.count', { n: String(list.data.total) })}</p>
          <WorkItems items={list.data.items} />
        </>
      )}
    </>
  );
}

/** On the administration page: what waits for review, oldest first. */
export function ReviewQueue() {
  const t = useT();
  const list = useLoad(() => ok(api.GET('/api/v1/review-queue', { params: { query: { pageSize: 100 } } })), []);
  return (
    <section aria-labelledby="a-reviser" className="app-box">
      <h2 id="a-reviser">{t('work.queue')}</h2>
      <ErrorAlert error={list.error} />
      {!list.data && !list.error && <Loading />}
      {list.data && list.data.total === 0 && <p>{t('work.queueEmpty')}</p>}
      {list.data && <WorkItems items={list.data.items} />}
    </section>
  );
}
