// A vendor's proposal: one response per criterion, the price and the attestations, saved as a
// draft, then submitted (receipt: time and hash), withdrawn, and the result after the award.
import { useState } from 'react';
import { api, ApiError, ok, type Schemas } from '../api/client';
import { useMe } from '../App';
import { dateTime, money, moneyInput, parseMoney, timeLeft } from '../format';
import { localized, useT } from '../i18n';
import { Link } from '../router';
import { Checkbox, ErrorAlert, Field, Loading, Success, Title, useLoad, useNow } from '../ui';
import { LoginFirst } from './OrganizationPage';
import { ProposalAttachments } from './ProposalAttachments';

type Proposal = Schemas['ProposalView'] | Schemas['ProposalWriteView'];
const DAY = 86_400_000;

export function ProposalPage({ opportunityId }: { opportunityId: string }) {
  const t = useT();
  const me = useMe();
  const vendorId = me?.vendorOrganizations[0]?.id;
  const loaded = useLoad(async () => {
    const opportunity = await ok(api.GET('/api/v1/opportunities/{id}', { params: { path: { id: opportunityId } } }));
    if (!vendorId) return { opportunity, proposal: undefined };
    const list = await ok(
      api.GET('/api/v1/vendors/{vendorId}/proposals', { params: { path: { vendorId }, query: { pageSize: 100 } } }),
    );
    const mine = list.items.filter((p) => p.opportunityId === opportunityId);
    return { opportunity, proposal: mine.find((p) => p.status !== 'WITHDRAWN') ?? mine[0] };
  }, [opportunityId, vendorId]);
  if (!me) return <LoginFirst />;
  if (!vendorId)
    return (
      <p>
        <Link href="/organisation">{t('vendor.needOrganization')}</Link>
      </p>
    );
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  return <ProposalEditor {...loaded.data} vendorId={vendorId} />;
}

function ProposalEditor(props: { opportunity: Schemas['OpportunityView']; proposal?: Proposal; vendorId: string }) {
  const t = useT();
  const now = useNow();
  const o = props.opportunity;
  const [proposal, setProposal] = useState<Proposal | undefined>(props.proposal);
  const [responses, setResponses] = useState<Record<string, string>>(() =>
    Object.fromEntries((props.proposal?.responses ?? []).map((r) => [r.criterionId, r.text])),
  );
  const [price, setPrice] = useState(moneyInput(props.proposal?.priceCents, t.lang));
  const att = (props.proposal?.attestations ?? {}) as {
    acceptTerms?: boolean;
    acceptLicense?: boolean;
    conflictOfInterest?: { declared?: boolean; description?: string | null } | null;
  };
  const [acceptTerms, setAcceptTerms] = useState(Boolean(att.acceptTerms));
  const [acceptLicense, setAcceptLicense] = useState(Boolean(att.acceptLicense));
  const [conflict, setConflict] = useState(Boolean(att.conflictOfInterest?.declared));
  const [conflictText, setConflictText] = useState(att.conflictOfInterest?.description ?? '');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [priceError, setPriceError] = useState<string | undefined>();
  const fields = error instanceof ApiError ? error.fields : {};

  const status = proposal?.status ?? 'DRAFT';
  const editable = o.status === 'PUBLISHED' && status === 'DRAFT';
  const left = timeLeft(o.proposalDeadline, now, t.lang);
  const closingSoon = o.proposalDeadline && Date.parse(o.proposalDeadline) - now < DAY && left;

  const body = () => {
    const priceCents = price.trim() ? parseMoney(price) : undefined;
    setPriceError(priceCents === null ? t('proposal.priceUnreadable') : undefined);
    return {
      responses: o.criteria.map((c) => ({ criterionId: c.id, text: responses[c.id] ?? '' })),
      ...(priceCents != null ? { priceCents } : {}),
      attestations: {
        acceptTerms,
        acceptLicense,
        conflictOfInterest: { declared: conflict, ...(conflict ? { description: conflictText } : {}) } as never,
      },
    };
  };

  const act = (action: () => Promise<Proposal | undefined>, done: string) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    action()
      .then((p) => {
        if (p) setProposal(p);
        setMessage(done);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  const save = async (): Promise<Proposal> =>
    proposal
      ? ok(api.PATCH('/api/v1/proposals/{id}', { params: { path: { id: proposal.id } }, body: body() }))
      : ok(
          api.POST('/api/v1/opportunities/{id}/proposals', {
            params: { path: { id: o.id } },
            body: { vendorId: props.vendorId, ...body() },
          }),
        );

  const submit = async (): Promise<Proposal> => {
    const saved = await save();
    setProposal(saved);
    const receipt = await ok(
      api.POST('/api/v1/proposals/{id}/submit', {
        params: { path: { id: saved.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: { expectedVersion: saved.version },
      }),
    );
    return { ...saved, ...receipt } as Proposal;
  };

  const withdraw = async (): Promise<Proposal> => {
    const w = await ok(api.POST('/api/v1/proposals/{id}/withdraw', { params: { path: { id: proposal!.id } } }));
    return { ...proposal!, ...w } as Proposal;
  };

  return (
    <>
      <Title>{t('proposal.title', { title: localized(o.title, t.lang) })}</Title>
      <p className="app-meta">
        <Link href={`/appels/${o.id}`}>{o.reference}</Link> · {t('proposal.status')} :{' '}
        <strong>{t(`proposalStatus.${status}` as 'proposalStatus.DRAFT')}</strong>
      </p>
      {o.status === 'PUBLISHED' && (
        <div
          className={`app-alert ${closingSoon ? 'app-alert-warning' : 'app-alert-info'}`}
          role={closingSoon ? 'alert' : undefined}
        >
          <p>
            {t('opp.deadline')} : {dateTime(o.proposalDeadline, t.lang)}
            {left && ` — ${t('opp.timeLeft', { left })}`}
            {closingSoon && ` ${t('proposal.closingSoon')}`}
          </p>
        </div>
      )}
      <ErrorAlert error={error} />
      {message && <Success>{message}</Success>}
      {proposal?.submittedAt && proposal.status === 'SUBMITTED' && <Receipt proposal={proposal} />}
      {proposal &&
        ['AWARDED', 'NOT_AWARDED', 'DISQUALIFIED', 'NOT_ACCEPTABLE'].includes(status) &&
        o.status === 'AWARDED' && <Result proposalId={proposal.id} />}
      <form
        className="app-form"
        onSubmit={(e) => {
          e.preventDefault();
          act(save, t('proposal.saved'));
        }}
      >
        <fieldset disabled={!editable || busy}>
          <legend>{t('proposal.responses')}</legend>
          {o.criteria.map((c, i) => (
            <Field
              key={c.id}
              label={t('proposal.responseTo', { criterion: localized(c.title, t.lang), weight: c.weight })}
              hint={c.description ? localized(c.description, t.lang) : undefined}
              value={responses[c.id] ?? ''}
              onChange={(v) => setResponses((r) => ({ ...r, [c.id]: v }))}
              error={fields[`responses[${i}].text`] ?? fields[`responses[${i}]`]}
              multiline
            />
          ))}
        </fieldset>
        <fieldset disabled={!editable || busy}>
          <legend>{t('proposal.priceAndAttestations')}</legend>
          <Field
            label={t('proposal.price')}
            hint={t('proposal.priceHint')}
            value={price}
            onChange={setPrice}
            error={priceError ?? fields.priceCents}
            name="price"
          />
          <Checkbox
            label={t('proposal.acceptTerms')}
            checked={acceptTerms}
            onChange={setAcceptTerms}
            error={fields['attestations.acceptTerms']}
          />
          <Checkbox
            label={t('proposal.acceptLicense', { license: o.license ?? '—' })}
            checked={acceptLicense}
            onChange={setAcceptLicense}
            error={fields['attestations.acceptLicense']}
          />
          <Checkbox label={t('proposal.conflict')} checked={conflict} onChange={setConflict} />
          {conflict && (
            <Field
              label={t('proposal.conflictDescription')}
              value={conflictText}
              onChange={setConflictText}
              error={fields['attestations.conflictOfInterest.description']}
              multiline
            />
          )}
        </fieldset>
        {editable && (
          <div className="app-buttons">
            <button type="submit" className="qc-button qc-secondary" disabled={busy}>
              {t('proposal.save')}
            </button>
            <button
              type="button"
              className="qc-button qc-primary"
              disabled={busy}
              onClick={() => act(submit, t('proposal.submitted'))}
            >
              {t('proposal.submit')}
            </button>
          </div>
        )}
      </form>
      <ProposalAttachments
        proposalId={proposal?.id}
        attachments={proposal?.attachments ?? []}
        open={o.status === 'PUBLISHED' && (status === 'DRAFT' || status === 'SUBMITTED')}
        onChange={(attachments) => setProposal((p) => (p ? ({ ...p, attachments } as Proposal) : p))}
      />
      {status === 'SUBMITTED' && o.status === 'PUBLISHED' && (
        <button
          type="button"
          className="qc-button qc-secondary"
          disabled={busy}
          onClick={() => act(withdraw, t('proposal.withdrawn'))}
        >
          {t('proposal.withdraw')}
        </button>
      )}
    </>
  );
}

function Receipt({ proposal }: { proposal: Proposal }) {
  const t = useT();
  return (
    <section className="app-alert app-alert-success" aria-labelledby="accuse">
      <h2 id="accuse">{t('proposal.receipt')}</h2>
      <p>{t('proposal.receivedAt', { when: dateTime(proposal.submittedAt, t.lang) })}</p>
      <p>
        {t('proposal.hash')} : <code className="app-hash">{String(proposal.receiptHash ?? '')}</code>
      </p>
    </section>
  );
}

function Result({ proposalId }: { proposalId: string }) {
  const t = useT();
  const result = useLoad(
    () => ok(api.GET('/api/v1/proposals/{id}/result', { params: { path: { id: proposalId } } })),
    [proposalId],
  );
  if (result.error) return <ErrorAlert error={result.error} />;
  if (!result.data) return <Loading />;
  const r = result.data;
  return (
    <section className="app-box" aria-labelledby="resultat">
      <h2 id="resultat">{t('result.title')}</h2>
      <p>
        <strong>{t(`proposalStatus.${r.status}` as 'proposalStatus.DRAFT')}</strong>
        {r.rank !== null && ` — ${t('result.rank', { rank: r.rank })}`}
      </p>
      <dl className="app-facts">
        <div>
          <dt>{t('result.quality')}</dt>
          <dd>{r.qualityScore ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('result.price')}</dt>
          <dd>{money(r.priceCents, t.lang)}</dd>
        </div>
        <div>
          <dt>{t('result.adjusted')}</dt>
          <dd>{money(r.adjustedPriceCents, t.lang)}</dd>
        </div>
      </dl>
      {r.disqualificationReason && <p>{t('result.disqualified', { reason: r.disqualificationReason })}</p>}
      {r.winner && (
        <p>
          {t('result.winner', {
            vendor: r.winner.vendorName,
            quality: r.winner.qualityScore ?? '—',
            price: money(r.winner.priceCents, t.lang),
            adjusted: money(r.winner.adjustedPriceCents, t.lang),
          })}
        </p>
      )}
    </section>
  );
}
