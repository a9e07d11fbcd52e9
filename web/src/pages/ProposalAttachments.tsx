// A proposal's attached files (draft or submitted, while the call is open): uploaded as multipart
// field `file`, listed with their size and SHA-256, removable. Types and sizes are the API's rules.
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { useT } from '../i18n';
import { ErrorAlert, Success } from '../ui';

type Attachment = Schemas['ProposalAttachmentView'];

export function ProposalAttachments(p: {
  proposalId?: string;
  attachments: Attachment[];
  open: boolean;
  onChange: (attachments: Attachment[]) => void;
}) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (call: () => Promise<Attachment[]>, message: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    call()
      .then((list) => {
        p.onChange(list);
        setDone(message);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const id = p.proposalId;
  return (
    <section aria-labelledby="pieces-jointes" className="app-box">
      <h2 id="pieces-jointes">{t('attach.title')}</h2>
      <ErrorAlert error={error} />
      {done && <Success>{done}</Success>}
      {p.attachments.length === 0 && <p>{t('attach.none')}</p>}
      <ul>
        {p.attachments.map((a) => (
          <li key={a.id}>
            <strong>{a.fileName}</strong> — {t('attach.size', { size: Math.ceil(a.sizeBytes / 1024), hash: a.sha256 })}{' '}
            {p.open && id && (
              <button
                type="button"
                className="qc-button qc-secondary"
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await ok(
                      api.DELETE('/api/v1/proposals/{id}/attachments/{attachmentId}', {
                        params: { path: { id, attachmentId: a.id } },
                      }),
                    );
                    return p.attachments.filter((x) => x.id !== a.id);
                  }, t('attach.removed'))
                }
              >
                {t('attach.remove', { name: a.fileName })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {p.open && !id && <p className="app-hint">{t('attach.saveFirst')}</p>}
      {p.open && id && (
        <form
          className="app-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!file) return;
            const body = new FormData();
            body.append('file', file, file.name);
            run(async () => {
              const added = await ok(
                api.POST('/api/v1/proposals/{id}/attachments', { params: { path: { id } }, body: body as never }),
              );
              setFile(null);
              (e.target as HTMLFormElement).reset();
              return [...p.attachments, added];
            }, t('attach.uploaded'));
          }}
        >
          <div className="app-field">
            <label htmlFor="piece-jointe">{t('attach.file')}</label>
            <p id="piece-jointe-aide" className="app-hint">
              {t('attach.hint')}
            </p>
            <input
              id="piece-jointe"
              type="file"
              aria-describedby="piece-jointe-aide"
              required
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <button type="submit" className="qc-button qc-secondary" disabled={busy || !file}>
            {t('attach.upload')}
          </button>
        </form>
      )}
    </section>
  );
}
