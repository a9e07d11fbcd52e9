// A contract, for the owning buyer and the supplier's members (the API answers 404 to anyone
// else): amounts, deliverables and their checks, acceptance, forge publication, amendments,
// payments and termination. The rules (limits, states) are the API's; its errors land on the fields.
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useMe } from '../../App';
import { useApiForm } from '../../form';
import { date, dateTime, money, parseMoney } from '../../format';
import { localized, useT, type TextKey } from '../../i18n';
import { Link } from '../../router';
import { ErrorAlert, Field, Loading, Success, Title, useLoad } from '../../ui';
import { ContractDeliverables } from './ContractDeliverables';
import { ForgePublicationPanel } from './ForgePublicationPanel';

type Contract = Schemas['ContractView'];

export function ContractPage({ id }: { id: string }) {
  const t = useT();
  const me = useMe();
  const loaded = useLoad(async () => {
    const contract = await ok(api.GET('/api/v1/contracts/{id}', { params: { path: { id } } }));
    const opportunity = await ok(
      api.GET('/api/v1/opportunities/{id}', { params: { path: { id: contract.opportunityId } } }),
    );
    return { contract, opportunity };
  }, [id, me?.id]);
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const { contract: c, opportunity: o } = loaded.data;
  const isBuyer = me?.role === 'buyer' && String(me.publicBodyId ?? '') === c.publicBodyId;
  const isSupplier = Boolean(me?.vendorOrganizations.some((v) => v.id === c.supplier.id));
  const open = c.status !== 'PAID' && c.status !== 'TERMINATED';
  return (
    <>
      <Title>{t('contract.title', { reference: c.reference })}</Title>
      <p className="app-meta">
        <Link href={`/appels/${c.opportunityId}`}>
          {c.opportunityReference} — {localized(o.title, t.lang)}
        </Link>{' '}
        ·{' '}
        <span className={`app-status app-status-contract-${c.status}`}>
          {t(`contractStatus.${c.status}` as TextKey)}
        </span>
      </p>
      <section aria-labelledby="le-contrat" className="app-box">
        <h2 id="le-contrat">{t('contract.summary')}</h2>
        <dl className="app-facts">
          <div>
            <dt>{t('contract.supplier')}</dt>
            <dd>
              {c.supplier.legalName} ({t('org.neqValue', { neq: c.supplier.neq })})
            </dd>
          </div>
          <div>
            <dt>{t('contract.initial')}</dt>
            <dd>{money(c.initialAmountCents, t.lang)}</dd>
          </div>
          <div>
            <dt>{t('contract.total')}</dt>
            <dd>{money(c.totalAmountCents, t.lang)}</dd>
          </div>
          <div>
            <dt>{t('contract.paid')}</dt>
            <dd>{money(c.paidCents, t.lang)}</dd>
          </div>
          <div>
            <dt>{t('contract.due')}</dt>
            <dd>{date(c.deliveryDueDate, t.lang)}</dd>
          </div>
          <div>
            <dt>{t('contract.license')}</dt>
            <dd>{c.license ?? '—'}</dd>
          </div>
        </dl>
        {c.terminationReason && <p>{t('contract.terminationReason', { reason: c.terminationReason })}</p>}
      </section>
      <ContractDeliverables
        contract={c}
        acceptanceCriteria={o.acceptanceCriteria}
        isSupplier={isSupplier}
        isBuyer={isBuyer}
        onChange={loaded.reload}
      />
      {c.publication ? (
        // The forge helper's panel (status, URLs, last error, the admin's retry); remounted when the status moves.
        <ForgePublicationPanel key={c.publication.status} contractId={c.id} isAdmin={me?.role === 'admin'} />
      ) : (
        <section aria-labelledby="publication" className="app-box">
          <h2 id="publication">{t('contract.publication')}</h2>
          <p>{t('contract.noPublication')}</p>
        </section>
      )}
      <Amendments contract={c} canAmend={isBuyer && open} onChange={loaded.reload} />
      <Payments contract={c} canPay={isBuyer && c.status === 'PUBLISHED'} onChange={loaded.reload} />
      {isBuyer && open && <Terminate contractId={c.id} onChange={loaded.reload} />}
    </>
  );
}

function Amendments({
  contract: c,
  canAmend,
  onChange,
}: {
  contract: Contract;
  canAmend: boolean;
  onChange: () => void;
}) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm(
    { amount: '', justification: '' },
    { AMENDMENT_LIMIT_EXCEEDED: 'amount' },
  );
  const [done, setDone] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | undefined>();
  return (
    <section aria-labelledby="modifications" className="app-box">
      <h2 id="modifications">{t('contract.amendments')}</h2>
      {c.amendments.length === 0 ? (
        <p>{t('contract.noAmendments')}</p>
      ) : (
        <ul>
          {c.amendments.map((a) => (
            <li key={a.id}>
              {t('contract.amendmentN', {
                n: a.number,
                when: dateTime(a.createdAt, t.lang),
                amount: money(a.amountCents, t.lang),
                justification: a.justification,
              })}
            </li>
          ))}
        </ul>
      )}
      {canAmend && (
        <form
          className="app-form"
          onSubmit={submit(async () => {
            setDone(null);
            const negative = form.amount.trim().startsWith('-');
            const cents = parseMoney(form.amount.trim().replace(/^-/, ''));
            setAmountError(cents === null ? t('money.unreadable') : undefined);
            if (cents === null) return;
            await ok(
              api.POST('/api/v1/contracts/{id}/amendments', {
                params: { path: { id: c.id } },
                body: { amountCents: negative ? -cents : cents, justification: form.justification },
              }),
            );
            setDone(t('contract.amended'));
            onChange();
          })}
        >
          <ErrorAlert error={error} />
          {done && <Success>{done}</Success>}
          <Field
            label={t('contract.amendAmount')}
            value={form.amount}
            onChange={set('amount')}
            error={amountError ?? fields.amountCents ?? fields.amount}
            required
          />
          <Field
            label={t('contract.amendJustification')}
            value={form.justification}
            onChange={set('justification')}
            error={fields.justification}
            multiline
            required
          />
          <button type="submit" className="qc-button qc-secondary" disabled={busy}>
            {t('contract.amend')}
          </button>
        </form>
      )}
    </section>
  );
}

function Payments({ contract: c, canPay, onChange }: { contract: Contract; canPay: boolean; onChange: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm(
    { invoice: '', amount: '' },
    { DUPLICATE_INVOICE: 'invoice', PAYMENT_LIMIT_EXCEEDED: 'amount' },
  );
  const [done, setDone] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | undefined>();
  return (
    <section aria-labelledby="paiements" className="app-box">
      <h2 id="paiements">{t('contract.payments')}</h2>
      {c.payments.length === 0 ? (
        <p>{t('contract.noPayments')}</p>
      ) : (
        <ul>
          {c.payments.map((pay) => (
            <li key={pay.id}>
              {t('contract.paymentRow', {
                invoice: pay.invoiceNumber,
                amount: money(pay.amountCents, t.lang),
                when: dateTime(pay.recordedAt, t.lang),
              })}
            </li>
          ))}
        </ul>
      )}
      {canPay && (
        <form
          className="app-form"
          onSubmit={submit(async () => {
            setDone(null);
            const cents = parseMoney(form.amount);
            setAmountError(cents === null ? t('money.unreadable') : undefined);
            if (cents === null) return;
            await ok(
              api.POST('/api/v1/contracts/{id}/payments', {
                params: { path: { id: c.id } },
                body: { invoiceNumber: form.invoice, amountCents: cents },
              }),
            );
            setDone(t('contract.paymentDone'));
            onChange();
          })}
        >
          <ErrorAlert error={error} />
          {done && <Success>{done}</Success>}
          <Field
            label={t('contract.invoice')}
            value={form.invoice}
            onChange={set('invoice')}
            error={fields.invoiceNumber ?? fields.invoice}
            required
          />
          <Field
            label={t('contract.payAmount')}
            value={form.amount}
            onChange={set('amount')}
            error={amountError ?? fields.amountCents ?? fields.amount}
            required
          />
          <button type="submit" className="qc-button qc-primary" disabled={busy}>
            {t('contract.pay')}
          </button>
        </form>
      )}
    </section>
  );
}

function Terminate({ contractId, onChange }: { contractId: string; onChange: () => void }) {
  const t = useT();
  const { form, set, fields, error, busy, submit } = useApiForm({ reason: '' });
  return (
    <section aria-labelledby="resiliation" className="app-box">
      <h2 id="resiliation">{t('contract.terminate')}</h2>
      <form
        className="app-form"
        onSubmit={submit(() =>
          ok(
            api.POST('/api/v1/contracts/{id}/terminate', {
              params: { path: { id: contractId } },
              body: { reason: form.reason },
            }),
          ).then(onChange),
        )}
      >
        <ErrorAlert error={error} />
        <Field
          label={t('contract.terminateReason')}
          value={form.reason}
          onChange={set('reason')}
          error={fields.reason}
          multiline
          required
        />
        <button type="submit" className="qc-button qc-secondary" disabled={busy}>
          {t('contract.terminate')}
        </button>
      </form>
    </section>
  );
}

/** The contracts the person may read (the owning body's, the business's). */
export function ContractsPage() {
  const t = useT();
  const me = useMe();
  const list = useLoad(() => ok(api.GET('/api/v1/contracts', { params: { query: { pageSize: 100 } } })), [me?.id]);
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!list.data) return <Loading />;
  const rows = list.data.items;
  return (
    <>
      <Title>{t('contracts.title')}</Title>
      {rows.length === 0 && <p>{t('contracts.none')}</p>}
      <ul>
        {rows.map((c) => (
          <li key={c.id}>
            <Link href={`/contrats/${c.id}`}>{c.reference}</Link> — {c.opportunityReference} — {c.supplier.legalName} —{' '}
            {money(c.totalAmountCents, t.lang)} — {t(`contractStatus.${c.status}` as TextKey)}
          </li>
        ))}
      </ul>
    </>
  );
}
