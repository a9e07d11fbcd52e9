// A contract's forge publication (GET /contracts/:id/publication): its status, the three URLs
// and the last error; admins get « Relancer la publication » (POST /contracts/:id/publication/retry).
// Self-contained: its texts (French first, English) live here, in the page's language (useT).
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { useT } from '../../i18n';
import { ErrorAlert, Loading, Success, useLoad } from '../../ui';

const TEXTS = {
  fr: {
    title: 'Publication sur la forge',
    status: 'État',
    PENDING: 'En attente',
    RUNNING: 'En cours',
    DONE: 'Publiée',
    FAILED: 'En échec',
    project: 'Projet',
    commit: 'Commit',
    release: 'Version',
    attempts: 'Tentatives',
    lastError: 'Dernière erreur',
    none: '—',
    retry: 'Relancer la publication',
    retrying: 'Relance…',
    retried: 'Publication relancée : elle reprend à la dernière étape réussie.',
    refresh: 'Actualiser',
  },
  en: {
    title: 'Forge publication',
    status: 'Status',
    PENDING: 'Pending',
    RUNNING: 'Running',
    DONE: 'Published',
    FAILED: 'Failed',
    project: 'Project',
    commit: 'Commit',
    release: 'Release',
    attempts: 'Attempts',
    lastError: 'Last error',
    none: '—',
    retry: 'Retry the publication',
    retrying: 'Retrying…',
    retried: 'Publication queued again: it resumes at the last completed step.',
    refresh: 'Refresh',
  },
} as const;

export function ForgePublicationPanel({ contractId, isAdmin }: { contractId: string; isAdmin: boolean }) {
  const t = useT();
  const text = TEXTS[t.lang];
  const publication = useLoad(
    () => ok(api.GET('/api/v1/contracts/{id}/publication', { params: { path: { id: contractId } } })),
    [contractId],
  );
  const [busy, setBusy] = useState(false);
  const [retryError, setRetryError] = useState<unknown>(null);
  const [retried, setRetried] = useState(false);
  const p = publication.data;
  const canRetry = isAdmin && p && (p.status === 'FAILED' || p.status === 'PENDING');
  const link = (url: string | null) =>
    url ? (
      <a href={url} rel="noopener noreferrer">
        {url}
      </a>
    ) : (
      text.none
    );

  const retry = () => {
    setBusy(true);
    setRetryError(null);
    setRetried(false);
    ok(api.POST('/api/v1/contracts/{id}/publication/retry', { params: { path: { id: contractId } } }))
      .then(() => {
        setRetried(true);
        publication.reload();
      }, setRetryError)
      .finally(() => setBusy(false));
  };

  return (
    <section className="app-box" aria-labelledby={`forge-${contractId}`}>
      <h2 id={`forge-${contractId}`}>{text.title}</h2>
      <ErrorAlert error={publication.error} />
      {publication.loading && !p && <Loading />}
      {p && (
        <dl className="app-facts">
          <div>
            <dt>{text.status}</dt>
            <dd>
              <strong>{text[p.status]}</strong>
            </dd>
          </div>
          <div>
            <dt>{text.project}</dt>
            <dd>{link(p.projectUrl)}</dd>
          </div>
          <div>
            <dt>{text.commit}</dt>
            <dd>{p.commitSha ? <code>{p.commitSha}</code> : text.none}</dd>
          </div>
          <div>
            <dt>{text.release}</dt>
            <dd>{link(p.releaseUrl)}</dd>
          </div>
          <div>
            <dt>{text.attempts}</dt>
            <dd>{p.attempts}</dd>
          </div>
          {p.lastError && (
            <div>
              <dt>{text.lastError}</dt>
              <dd className="app-error-text">{p.lastError}</dd>
            </div>
          )}
        </dl>
      )}
      <button type="button" className="qc-button qc-secondary" onClick={publication.reload}>
        {text.refresh}
      </button>{' '}
      {canRetry && (
        <button type="button" className="qc-button qc-primary" onClick={retry} disabled={busy} aria-busy={busy}>
          {busy ? text.retrying : text.retry}
        </button>
      )}
      <ErrorAlert error={retryError} />
      {retried && <Success>{text.retried}</Success>}
    </section>
  );
}
