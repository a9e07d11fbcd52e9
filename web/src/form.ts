// One form state for the pages that send a form to the API: the values, the API's error
// (its field messages shown on the fields), and the busy flag while the request runs.
import { FormEvent, useState } from 'react';
import { ApiError } from './api/client';

export function useApiForm<T extends Record<string, string>>(initial: T) {
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields: Record<string, string> = error instanceof ApiError ? error.fields : {};
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
