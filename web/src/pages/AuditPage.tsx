// Auditors and admins: the audit log with its filters (in the URL) and the hash-chain check.
import { useState } from 'react';
import { api, ok } from '../api/client';
import { dateTime } from '../format';
import { useT } from '../i18n';
import { navigate, useLocation } from '../router';
import { ErrorAlert, Field, Loading, Title, useLoad } from '../ui';

export function AuditPage() {
  const t = useT();
  const { query } = useLocation();
  const search = query.toString();
  const [filters, setFilters] = useState({
    entityId: query.get('entityId') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  });
  const events = useLoad(async () => {
    const q = new URLSearchParams(search);
    return ok(
      api.GET('/api/v1/audit/events', {
        params: {
          query: {
            entityId: q.get('entityId') || undefined,
            from: q.get('from') || undefined,
            to: q.get('to') || undefined,
            pageSize: 100,
          },
        },
      }),
    );
  }, [search]);
  const [verification, setVerification] = useState<{
    valid: boolean;
    checked: number;
    firstBrokenSeq: number | null;
  } | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const set = (k: keyof typeof filters) => (v: string) => setFilters((s) => ({ ...s, [k]: v }));
  return (
    <>
      <Title>{t('audit.title')}</Title>
      <section className="app-box" aria-labelledby="verification">
        <h2 id="verification">{t('audit.verifyTitle')}</h2>
        <button
          type="button"
          className="qc-button qc-primary"
          onClick={() => {
            setVerifyError(null);
            ok(api.GET('/api/v1/audit/verify')).then(setVerification, setVerifyError);
          }}
        >
          {t('audit.verify')}
        </button>
        <ErrorAlert error={verifyError} />
        {verification && (
          <p role="status" className={verification.valid ? 'app-ok' : 'app-error-text'}>
            {verification.valid
              ? t('audit.valid', { n: verification.checked })
              : t('audit.broken', { n: verification.checked, seq: verification.firstBrokenSeq ?? '?' })}
          </p>
        )}
      </section>
      <form
        className="app-search"
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
          navigate(`/journal?${next.toString()}`);
        }}
      >
        <div className="app-grid">
          <Field label={t('audit.entityId')} value={filters.entityId} onChange={set('entityId')} />
          <Field label={t('audit.from')} hint={t('audit.dateHint')} value={filters.from} onChange={set('from')} />
          <Field label={t('audit.to')} hint={t('audit.dateHint')} value={filters.to} onChange={set('to')} />
        </div>
        <button type="submit" className="qc-button qc-secondary">
          {t('audit.filter')}
        </button>
      </form>
      <ErrorAlert error={events.error} />
      {events.loading && <Loading />}
      {events.data && (
        <table className="app-table">
          <caption>{t('audit.events', { n: events.data.total })}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.entity')}</th>
            </tr>
          </thead>
          <tbody>
            {events.data.items.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{dateTime(e.occurredAt, t.lang)}</td>
                <td>{e.actorRole ?? '—'}</td>
                <td>{e.action}</td>
                <td>
                  {e.entityType} <code>{e.entityId?.slice(0, 8)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
