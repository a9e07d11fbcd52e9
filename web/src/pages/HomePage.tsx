// Home: the public search. Every filter, the sort and the page live in the URL (a search can be shared).
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { dateTime, money, parseMoney, timeLeft } from '../format';
import { localized, useT } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { ErrorAlert, Field, Loading, Title, useLoad, useNow } from '../ui';

type Status = NonNullable<Schemas['OpportunitySummaryView']['status']>;
type Sort = 'deadline' | '-publishedAt' | 'value';
const PAGE_SIZE = 10;

export function HomePage() {
  const t = useT();
  const now = useNow();
  const { query } = useLocation();
  const search = query.toString();
  const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
  const [form, setForm] = useState({
    q: query.get('q') ?? '',
    skill: query.get('skill') ?? '',
    min: query.get('min') ?? '',
    max: query.get('max') ?? '',
    status: query.get('status') ?? '',
    sort: query.get('sort') ?? '',
  });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const results = useLoad(() => {
    const q = new URLSearchParams(search);
    const min = parseMoney(q.get('min') ?? '');
    const max = parseMoney(q.get('max') ?? '');
    return ok(
      api.GET('/api/v1/opportunities', {
        params: {
          query: {
            q: q.get('q') || undefined,
            skill: q.get('skill') ? [q.get('skill')!] : undefined,
            minValueCents: min ?? undefined,
            maxValueCents: max ?? undefined,
            status: q.get('status') ? [q.get('status') as Status] : undefined,
            sort: (q.get('sort') as Sort) || undefined,
            page,
            pageSize: PAGE_SIZE,
          },
        },
      }),
    );
  }, [search]);

  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...form, ...changes })) if (v) next.set(k, v);
    navigate(`/?${next.toString()}`);
  };

  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <>
      <Title>{t('home.title')}</Title>
      <p className="app-lead">{t('home.lead')}</p>
      <form
        role="search"
        className="app-search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ page: '' });
        }}
      >
        <Field label={t('home.q')} hint={t('home.qHint')} value={form.q} onChange={set('q')} type="search" name="q" />
        <div className="app-grid">
          <Field label={t('home.skill')} value={form.skill} onChange={set('skill')} name="skill" />
          <Field label={t('home.min')} value={form.min} onChange={set('min')} name="min" />
          <Field label={t('home.max')} value={form.max} onChange={set('max')} name="max" />
          <Field
            label={t('home.status')}
            value={form.status}
            onChange={set('status')}
            options={[
              ['', t('home.statusAll')],
              ...(['PUBLISHED', 'EVALUATION', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED'] as const).map(
                (s) => [s, t(`status.${s}`)] as [string, string],
              ),
            ]}
          />
          <Field
            label={t('home.sort')}
            value={form.sort}
            onChange={set('sort')}
            options={[
              ['', t('home.sortDefault')],
              ['deadline', t('home.sortDeadline')],
              ['-publishedAt', t('home.sortPublished')],
              ['value', t('home.sortValue')],
            ]}
          />
        </div>
        <button type="submit" className="qc-button qc-primary">
          {t('home.search')}
        </button>
      </form>

      <section aria-labelledby="resultats" aria-busy={results.loading}>
        <h2 id="resultats">{data ? t('home.results', { n: data.total }) : t('home.resultsTitle')}</h2>
        <ErrorAlert error={results.error} />
        {results.loading && !data && <Loading />}
        {data && data.items.length === 0 && <p>{t('home.none')}</p>}
        <ul className="app-cards">
          {data?.items.map((o) => {
            const left = timeLeft(o.proposalDeadline, now, t.lang);
            return (
              <li key={o.id} className="app-card">
                <h3>
                  <Link href={`/appels/${o.id}`}>{localized(o.title, t.lang)}</Link>
                </h3>
                <p className="app-meta">
                  {localized(o.publicBody.name, t.lang)} · {o.reference} · {t(`status.${o.status}`)}
                </p>
                <p>{localized(o.summary, t.lang)}</p>
                <dl className="app-facts">
                  <div>
                    <dt>{t('opp.estimatedValue')}</dt>
                    <dd>{money(o.estimatedValueCents, t.lang)}</dd>
                  </div>
                  <div>
                    <dt>{t('opp.deadline')}</dt>
                    <dd>
                      {dateTime(o.proposalDeadline, t.lang)}
                      {left && ` (${t('opp.timeLeft', { left })})`}
                    </dd>
                  </div>
                  {o.skills.length > 0 && (
                    <div>
                      <dt>{t('opp.skills')}</dt>
                      <dd>{o.skills.join(', ')}</dd>
                    </div>
                  )}
                </dl>
              </li>
            );
          })}
        </ul>
        {data && pages > 1 && (
          <nav aria-label={t('home.pagination')} className="app-pagination">
            <button
              type="button"
              className="qc-button qc-secondary"
              disabled={page <= 1}
              onClick={() => go({ page: String(page - 1) })}
            >
              {t('home.previous')}
            </button>
            <span>{t('home.pageOf', { page, pages })}</span>
            <button
              type="button"
              className="qc-button qc-secondary"
              disabled={page >= pages}
              onClick={() => go({ page: String(page + 1) })}
            >
              {t('home.next')}
            </button>
          </nav>
        )}
      </section>
    </>
  );
}
