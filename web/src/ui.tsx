// Shared pieces of every page: titles, labelled fields with their API errors, alerts, Markdown.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { ApiError } from './api/client';
import { useT } from './i18n';

export function Title({ children }: { children: string }) {
  const t = useT();
  useEffect(() => {
    document.title = `${children} — ${t('app.title')}`;
  }, [children, t]);
  return (
    <h1 tabIndex={-1} className="app-title">
      {children}
    </h1>
  );
}

type FieldProps = {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  type?: string;
  multiline?: boolean;
  required?: boolean;
  options?: [string, string][];
  autoComplete?: string;
  name?: string;
};

/** A labelled input (text, textarea or select) whose error is tied to it (aria-describedby). */
export function Field(p: FieldProps) {
  const id = useId();
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    value: p.value,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': describedBy,
    required: p.required,
    className: 'qc-textfield-input',
  };
  return (
    <div className={`app-field${p.error ? ' app-field-invalid' : ''}`}>
      <label htmlFor={id}>{p.label}</label>
      {p.hint && (
        <p id={`${id}-hint`} className="app-hint">
          {p.hint}
        </p>
      )}
      {p.options ? (
        <select {...common} onChange={(e) => p.onChange(e.target.value)}>
          {p.options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      ) : p.multiline ? (
        <textarea {...common} rows={5} onChange={(e) => p.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          autoComplete={p.autoComplete}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
      {p.error && (
        <p id={`${id}-error`} className="app-error-text">
          {p.error}
        </p>
      )}
    </div>
  );
}

/** A new password, with the rule's hint (12 characters at least), the browser told it is new. */
export function NewPasswordField(p: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const t = useT();
  return <Field {...p} hint={t('register.passwordHint')} type="password" autoComplete="new-password" required />;
}

export function Checkbox(p: { label: string; checked: boolean; onChange: (v: boolean) => void; error?: string }) {
  const id = useId();
  return (
    <div className="app-field app-checkbox">
      <input id={id} type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.target.checked)} />
      <label htmlFor={id}>{p.label}</label>
      {p.error && <p className="app-error-text">{p.error}</p>}
    </div>
  );
}

/** The API's coded error, said to the person (role=alert so it is announced). */
export function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div className="app-alert app-alert-error" role="alert">
      <p>
        <strong>{t('error.title')}</strong> {e ? e.message : t('error.network')}
      </p>
      {e && Object.keys(e.fields).length > 0 && <p>{t('error.seeFields')}</p>}
      {e && <p className="app-code">{t('error.code', { code: e.code })}</p>}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className="app-alert app-alert-success" role="status">
      {children}
    </div>
  );
}

/** Markdown from the API, rendered to HTML and sanitised (DOMPurify) before it reaches the page. */
export function Markdown({ text }: { text: string }) {
  const html = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }));
  return <div className="app-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Loads data for a page; reload() fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => setState({ error, loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

/** The current time, ticking every 30 s (for time-left displays). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Loading() {
  const t = useT();
  return <p aria-live="polite">{t('common.loading')}</p>;
}
