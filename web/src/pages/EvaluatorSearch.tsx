// Finding the people a buyer may seat on a committee (GET /evaluators: name, body, role; nothing
// more), so that the committee form is filled by choosing people, not by pasting identifiers.
import { useState, type FormEvent } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { localized, useT } from '../i18n';
import { ErrorAlert, Field } from '../ui';

export function EvaluatorSearch(p: { onSecretary: (id: string) => void; onEvaluator: (id: string) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Schemas['EvaluatorCandidate'][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    ok(api.GET('/api/v1/evaluators', { params: { query: { q: q.trim() || undefined } } }))
      .then((page) => setFound(page.items))
      .catch(setError);
  };
  return (
    <form className="app-form app-box" role="search" aria-labelledby="evaluator-search" onSubmit={search}>
      <h2 id="evaluator-search">{t('eval.findPeople')}</h2>
      <ErrorAlert error={error} />
      <Field label={t('eval.findPeopleQuery')} hint={t('eval.findPeopleHint')} value={q} onChange={setQ} />
      <button type="submit" className="qc-button qc-secondary">
        {t('eval.findPeopleSubmit')}
      </button>
      {found && found.length === 0 && <p aria-live="polite">{t('eval.findPeopleNone')}</p>}
      {found && found.length > 0 && (
        <ul aria-live="polite">
          {found.map((c) => (
            <li key={c.id}>
              {c.name} —{' '}
              {c.publicBody
                ? localized({ fr: c.publicBody.nameFr, en: c.publicBody.nameEn }, t.lang)
                : t('eval.external')}{' '}
              <button
                type="button"
                className="qc-button qc-secondary"
                aria-label={t('eval.chooseSecretary', { name: c.name })}
                onClick={() => p.onSecretary(c.id)}
              >
                {t('eval.asSecretary')}
              </button>{' '}
              <button
                type="button"
                className="qc-button qc-secondary"
                aria-label={t('eval.addEvaluator', { name: c.name })}
                onClick={() => p.onEvaluator(c.id)}
              >
                {t('eval.asEvaluator')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
