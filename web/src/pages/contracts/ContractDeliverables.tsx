// The contract's deliverables: the supplier uploads the source archive (multipart), every
// deliverable shows its SHA-256 and the results of its checks (polled while they run), and the
// owning buyer accepts one by marking each acceptance criterion met (the API refuses otherwise).
import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { dateTime } from '../../format';
import { localized, useT, type TextKey } from '../../i18n';
import { Checkbox, ErrorAlert, Success } from '../../ui';

type Contract = Schemas['ContractView'];
type Deliverable = Contract['deliverables'][number];

export function ContractDeliverables(p: {
  contract: Contract;
  acceptanceCriteria: Schemas['TextView'][];
  isSupplier: boolean;
  isBuyer: boolean;
  onChange: () => void;
}) {
  const t = useT();
  const c = p.contract;
  const pending = c.deliverables.some((d) => d.checkStatus === 'PENDING');
  const { onChange } = p;
  useEffect(() => {
    // The checks run in the background: look again every two seconds while one is pending.
    if (!pending) return;
    const timer = setInterval(onChange, 2000);
    return () => clearInterval(timer);
  }, [pending, onChange]);
  const canDeliver = p.isSupplier && (c.status === 'ACTIVE' || c.status === 'DELIVERED');
  const canAccept = p.isBuyer && c.status === 'DELIVERED';
  return (
    <section aria-labelledby="livrables" className="app-box">
      <h2 id="livrables">{t('contract.deliverables')}</h2>
      {c.deliverables.length === 0 && <p>{t('contract.noDeliverables')}</p>}
      {c.deliverables.map((d) => (
        <article key={d.id} aria-labelledby={`livrable-${d.number}`} className="app-deliverable">
          <h3 id={`livrable-${d.number}`}>{t('contract.deliverableN', { n: d.number, file: d.fileName })}</h3>
          <p>
            {t('contract.received', {
              when: dateTime(d.uploadedAt, t.lang),
              size: Math.ceil(d.sizeBytes / 1024),
              entries: d.entryCount,
            })}
          </p>
          <p>
            SHA-256 : <code className="app-hash">{d.sha256}</code>
          </p>
          <Checks deliverable={d} />
          {canAccept && d.checkStatus === 'DONE' && (
            <AcceptForm contractId={c.id} deliverable={d} criteria={p.acceptanceCriteria} onAccepted={p.onChange} />
          )}
        </article>
      ))}
      {pending && (
        <button type="button" className="qc-button qc-secondary" onClick={p.onChange}>
          {t('contract.refresh')}
        </button>
      )}
      {canDeliver && <UploadForm contractId={c.id} onUploaded={p.onChange} />}
    </section>
  );
}

function Checks({ deliverable: d }: { deliverable: Deliverable }) {
  const t = useT();
  if (d.checkStatus === 'PENDING') return <p aria-live="polite">{t('contract.checksPending')}</p>;
  return (
    <table className="app-table">
      <caption>{t('contract.checks')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('contract.check')}</th>
          <th scope="col">{t('contract.result')}</th>
          <th scope="col">{t('contract.details')}</th>
        </tr>
      </thead>
      <tbody>
        {d.checks.map((check) => (
          <tr key={check.name}>
            <th scope="row">{t(`contract.check.${check.name}` as TextKey)}</th>
            <td className={check.passed ? 'app-check-passed' : 'app-check-failed'}>
              {check.passed ? t('contract.passed') : t('contract.failed')}
            </td>
            <td>{checkDetails(check.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A check's details: its message (French, from the API) and the entries it names, if any. */
function checkDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details.message === 'string') parts.push(details.message);
  for (const [key, value] of Object.entries(details)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const items = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    parts.push(`${key} : ${items.join(', ')}`);
  }
  return parts.join(' ');
}

function UploadForm({ contractId, onUploaded }: { contractId: string; onUploaded: () => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      className="app-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        const body = new FormData();
        body.append('archive', file, file.name);
        setBusy(true);
        setError(null);
        setDone(null);
        ok(
          api.POST('/api/v1/contracts/{id}/deliverables', {
            params: { path: { id: contractId } },
            body: body as never,
          }),
        )
          .then((receipt) => {
            setDone(t('contract.uploaded', { sha: receipt.sha256 }));
            onUploaded();
          })
          .catch(setError)
          .finally(() => setBusy(false));
      }}
    >
      <h3>{t('contract.upload')}</h3>
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      <div className="app-field">
        <label htmlFor="archive-livrable">{t('contract.archive')}</label>
        <input
          id="archive-livrable"
          type="file"
          accept=".tar.gz,.tgz,.zip,application/gzip,application/zip"
          required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <button type="submit" className="qc-button qc-primary" disabled={busy || !file}>
        {t('contract.send')}
      </button>
    </form>
  );
}

function AcceptForm(p: {
  contractId: string;
  deliverable: Deliverable;
  criteria: Schemas['TextView'][];
  onAccepted: () => void;
}) {
  const t = useT();
  const [met, setMet] = useState<boolean[]>(() => p.criteria.map(() => false));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="app-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const body = { deliverableId: p.deliverable.id, criteria: met.map((m, index) => ({ index, met: m })) };
        ok(api.POST('/api/v1/contracts/{id}/accept', { params: { path: { id: p.contractId } }, body }))
          .then(p.onAccepted)
          .catch(setError)
          .finally(() => setBusy(false));
      }}
    >
      <fieldset>
        <legend>{t('contract.acceptTitle', { n: p.deliverable.number })}</legend>
        <p className="app-hint">{t('contract.acceptHint')}</p>
        <ErrorAlert error={error} />
        {p.criteria.map((c, i) => (
          <Checkbox
            key={i}
            label={t('contract.criterionMet', { criterion: localized(c, t.lang) })}
            checked={met[i]}
            onChange={(v) => setMet((list) => list.map((x, j) => (j === i ? v : x)))}
          />
        ))}
      </fieldset>
      <button type="submit" className="qc-button qc-primary" disabled={busy}>
        {t('contract.accept')}
      </button>
    </form>
  );
}
