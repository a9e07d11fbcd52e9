// One form state for the pages that send a form to the API: the values, the API's error
// (its field messages shown on the fields), and the busy flag while the request runs.
import { FormEvent, useState } from 'react';
import { ApiError } from './api/client';

/**
 * `codeFields` puts a coded error that names no field path (e.g. DUPLICATE_INVOICE) under the
 * field it is about, so the person sees it where the value is typed; the rule stays the API's.
 */
export function useApiForm<T extends Record<string, string>>(
  initial: T,
  codeFields: Partial<Record<string, keyof T & string>> = {},
) {
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields: Record<string, string> = error instanceof ApiError ? { ...error.fields } : {};
  if (error instanceof ApiError && codeFields[error.code] && Object.keys(fields).length === 0)
    fields[codeFields[error.code]!] = error.message;
  const set = (key: keyof T) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  /** An onSubmit handler: runs the request once, keeps its error, clears the busy flag. */
  const submit = (run: () => Promise<unknown>) => (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    run()
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return { form, set, fields, error, busy, submit };
}
