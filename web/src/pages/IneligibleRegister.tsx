// Admin: the register of ineligible businesses (NEQ, name, period in Montréal calendar days),
// listed newest first with whether each entry is in effect today (the database's clock).
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useApiForm } from '../form';
import { date } from '../format';
import { useT } from '../i18n';
import { ErrorAlert, Field, Success, useLoad } from '../ui';

export function IneligibleRegister() {
  const t = useT();
  const list = useLoad(
    () => ok(api.GET('/api/v1/ineligible-enterprises', { params: { query: { pageSize: 100 } } })),
    [],
  );
  const { form, set, fields, error, busy, submit } = useApiForm({ neq: '', name: '', from: '', to: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="registre" className="app-box">
      <h2 id="registre">{t('inel.title')}</h2>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.data && list.data.items.length === 0 && <p>{t('inel.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="app-table">
          <caption>{t('inel.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('org.neq')}</th>
              <th scope="col">{t('inel.name')}</th>
              <th scope="col">{t('inel.period')}</th>
              <th scope="col">{t('inel.inEffect')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.id}>
                <td>{e.neq}</td>
                <td>{e.name}</td>
                <td>
                  {date(e.effectiveFrom, t.lang)} — {e.effectiveTo ? date(e.effectiveTo, t.lang) : t('inel.noEnd')}
                </td>
                <td>{e.inEffect ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="app-form"
        onSubmit={submit(async () => {
          setDone(null);
          await ok(
            api.POST('/api/v1/ineligible-enterprises', {
              body: {
                neq: form.neq,
                name: form.name,
                effectiveFrom: form.from,
                ...(form.to ? { effectiveTo: form.to } : {}),
              },
            }),
          );
          setDone(t('inel.added'));
          list.reload();
        })}
      >
        <ErrorAlert error={error} />
        {done && <Success>{done}</Success>}
        <Field label={t('inel.neq')} value={form.neq} onChange={set('neq')} error={fields.neq} required />
        <Field label={t('inel.name')} value={form.name} onChange={set('name')} error={fields.name} required />
        <Field
          label={t('inel.from')}
          type="date"
          value={form.from}
          onChange={set('from')}
          error={fields.effectiveFrom}
          required
        />
        <Field label={t('inel.to')} type="date" value={form.to} onChange={set('to')} error={fields.effectiveTo} />
        <button type="submit" className="qc-button qc-secondary" disabled={busy}>
          {t('inel.add')}
        </button>
      </form>
    </section>
  );
}
