// The buyer's opportunity draft. The rules are the API's: its coded errors come back onto the
// fields they name (details.fields[].path); the browser only converts dollars and Montréal times.
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { useApiForm } from '../form';
import { LICENSES, type License } from '../licenses';
import { fromMontrealLocalInput, moneyInput, parseMoney, toMontrealLocalInput } from '../format';
import { useT } from '../i18n';
import { navigate } from '../router';
import { Checkbox, ErrorAlert, Field, Loading, Title, useLoad } from '../ui';

type Criterion = { title: string; description: string; weight: string; minimumRequired: boolean };

function formOf(o: Schemas['OpportunityView'] | undefined, lang: 'fr' | 'en') {
  return {
    titleFr: o?.title.fr ?? '',
    titleEn: o?.title.en ?? '',
    summary: o?.summary.fr ?? '',
    description: o?.description.fr ?? '',
    skills: o?.skills.join(', ') ?? '',
    procurementMode: o?.procurementMode ?? 'public',
    value: moneyInput(o?.estimatedValueCents, lang),
    evaluationMethod: o?.evaluationMethod ?? 'adjusted_price',
    kPercent: o?.kPercent != null ? String(o.kPercent) : '30',
    acceptance: o?.acceptanceCriteria.map((a) => a.fr).join('\n') ?? '',
    license: o?.license ?? 'LiLiQ-P-1.1',
    forgeProjectPath: o?.forgeProjectPath ?? '',
    deadline: toMontrealLocalInput(o?.proposalDeadline),
    delivery: o?.deliveryDueDate ?? '',
  };
}

export function OpportunityFormPage({ id }: { id?: string }) {
  const t = useT();
  const loaded = useLoad(
    () => (id ? ok(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } })) : Promise.resolve(undefined)),
    [id],
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (id && !loaded.data) return <Loading />;
  return <OpportunityForm key={id ?? 'new'} opportunity={loaded.data} lang={t.lang} />;
}

function OpportunityForm({ opportunity, lang }: { opportunity?: Schemas['OpportunityView']; lang: 'fr' | 'en' }) {
  const t = useT();
  const { form, set, fields: f, error, busy, submit } = useApiForm(formOf(opportunity, lang));
  const [criteria, setCriteria] = useState<Criterion[]>(
    opportunity?.criteria.map((c) => ({
      title: c.title.fr,
      description: c.description?.fr ?? '',
      weight: String(c.weight),
      minimumRequired: c.minimumRequired,
    })) ?? [0, 1, 2].map(() => ({ title: '', description: '', weight: '', minimumRequired: false })),
  );
  const setCriterion = (i: number, change: Partial<Criterion>) =>
    setCriteria((list) => list.map((c, j) => (j === i ? { ...c, ...change } : c)));

  const body = () =>
    ({
      title: { fr: form.titleFr, ...(form.titleEn ? { en: form.titleEn } : {}) },
      // A draft may be incomplete: empty texts are left out (publication asks for them, O5).
      ...(form.summary ? { summary: { fr: form.summary } } : {}),
      ...(form.description ? { description: { fr: form.description } } : {}),
      skills: form.skills
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      procurementMode: form.procurementMode as 'public' | 'invitation',
      estimatedValueCents: parseMoney(form.value) ?? -1,
      evaluationMethod: form.evaluationMethod as 'adjusted_price' | 'min_quality_lowest_price',
      kPercent: form.evaluationMethod === 'adjusted_price' ? Number(form.kPercent) : null,
      criteria: criteria.map((c) => ({
        title: { fr: c.title },
        ...(c.description ? { description: { fr: c.description } } : {}),
        weight: Number(c.weight),
        minimumRequired: c.minimumRequired,
      })),
      acceptanceCriteria: form.acceptance
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((fr) => ({ fr })),
      license: form.license as License,
      forgeProjectPath: form.forgeProjectPath || null,
      proposalDeadline: fromMontrealLocalInput(form.deadline) ?? (form.deadline || null),
      deliveryDueDate: form.delivery || null,
    }) satisfies Schemas['CreateOpportunityDto'];

  const save = submit(() =>
    (opportunity
      ? ok(api.PATCH('/api/v1/opportunities/{id}', { params: { path: { id: opportunity.id } }, body: body() }))
      : ok(api.POST('/api/v1/opportunities', { body: body() }))
    ).then((o) => navigate(`/appels/${o.id}`)),
  );

  return (
    <>
      <Title>{opportunity ? t('form.editTitle', { reference: opportunity.reference }) : t('form.newTitle')}</Title>
      <form className="app-form app-form-wide" onSubmit={save} noValidate>
        <ErrorAlert error={error} />
        <fieldset>
          <legend>{t('form.general')}</legend>
          <Field
            label={t('form.titleFr')}
            value={form.titleFr}
            onChange={set('titleFr')}
            error={f['title.fr'] ?? f.title}
            required
          />
          <Field label={t('form.titleEn')} value={form.titleEn} onChange={set('titleEn')} error={f['title.en']} />
          <Field
            label={t('form.summary')}
            value={form.summary}
            onChange={set('summary')}
            error={f['summary.fr'] ?? f.summary}
            multiline
          />
          <Field
            label={t('form.description')}
            hint={t('form.markdownHint')}
            value={form.description}
            onChange={set('description')}
            error={f['description.fr'] ?? f.description}
            multiline
          />
          <Field
            label={t('form.skills')}
            hint={t('form.skillsHint')}
            value={form.skills}
            onChange={set('skills')}
            error={f.skills}
          />
          <Field
            label={t('form.mode')}
            value={form.procurementMode}
            onChange={set('procurementMode')}
            error={f.procurementMode}
            options={[
              ['public', t('mode.public')],
              ['invitation', t('mode.invitation')],
            ]}
          />
          <Field
            label={t('form.value')}
            hint={t('form.valueHint')}
            value={form.value}
            onChange={set('value')}
            error={f.estimatedValueCents}
            required
          />
        </fieldset>
        <fieldset>
          <legend>{t('form.evaluation')}</legend>
          <Field
            label={t('form.method')}
            value={form.evaluationMethod}
            onChange={set('evaluationMethod')}
            error={f.evaluationMethod}
            options={[
              ['adjusted_price', t('method.adjusted_price')],
              ['min_quality_lowest_price', t('method.min_quality_lowest_price')],
            ]}
          />
          {form.evaluationMethod === 'adjusted_price' && (
            <Field
              label={t('form.k')}
              type="number"
              value={form.kPercent}
              onChange={set('kPercent')}
              error={f.kPercent}
            />
          )}
          {f.criteria && <p className="app-error-text">{f.criteria}</p>}
          {criteria.map((c, i) => (
            <fieldset key={i} className="app-criterion">
              <legend>{t('form.criterionN', { n: i + 1 })}</legend>
              <Field
                label={t('form.criterionTitle')}
                value={c.title}
                onChange={(v) => setCriterion(i, { title: v })}
                error={f[`criteria[${i}].title.fr`] ?? f[`criteria[${i}].title`]}
                required
              />
              <Field
                label={t('form.criterionDescription')}
                value={c.description}
                onChange={(v) => setCriterion(i, { description: v })}
                multiline
              />
              <Field
                label={t('form.weight')}
                type="number"
                value={c.weight}
                onChange={(v) => setCriterion(i, { weight: v })}
                error={f[`criteria[${i}].weight`]}
                required
              />
              <Checkbox
                label={t('form.minimumRequired')}
                checked={c.minimumRequired}
                onChange={(v) => setCriterion(i, { minimumRequired: v })}
              />
              {criteria.length > 1 && (
                <button
                  type="button"
                  className="qc-button qc-secondary"
                  onClick={() => setCriteria((l) => l.filter((_, j) => j !== i))}
                >
                  {t('form.removeCriterion', { n: i + 1 })}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="qc-button qc-secondary"
            onClick={() =>
              setCriteria((l) => [...l, { title: '', description: '', weight: '0', minimumRequired: false }])
            }
          >
            {t('form.addCriterion')}
          </button>
          <Field
            label={t('form.acceptance')}
            hint={t('form.acceptanceHint')}
            value={form.acceptance}
            onChange={set('acceptance')}
            error={f.acceptanceCriteria}
            multiline
          />
        </fieldset>
        <fieldset>
          <legend>{t('form.deliveryAndDates')}</legend>
          <Field
            label={t('form.license')}
            value={form.license}
            onChange={set('license')}
            error={f.license}
            options={LICENSES.map((l) => [l, l])}
          />
          <Field
            label={t('form.forge')}
            value={form.forgeProjectPath}
            onChange={set('forgeProjectPath')}
            error={f.forgeProjectPath}
          />
          <Field
            label={t('form.deadline')}
            hint={t('form.deadlineHint')}
            type="datetime-local"
            value={form.deadline}
            onChange={set('deadline')}
            error={f.proposalDeadline}
            name="deadline"
          />
          <Field
            label={t('form.delivery')}
            type="date"
            value={form.delivery}
            onChange={set('delivery')}
            error={f.deliveryDueDate}
            name="delivery"
          />
        </fieldset>
        <button type="submit" className="qc-button qc-primary" disabled={busy}>
          {t('form.save')}
        </button>
      </form>
    </>
  );
}
