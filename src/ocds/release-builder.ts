import type { EntityManager } from 'typeorm';
import { countedProposalsSql } from '../common/access/proposal-access.sql';
import type { I18nText } from '../common/util/i18n-text';
import type { ContractParts, ContractPartsReader } from '../contracts/contract-parts';
import { NO_CONTRACT_PARTS } from '../contracts/contract-parts';

/** An OCDS release as JSON (release-schema.json of OCDS 1.1.5). */
export type OcdsReleaseJson = Record<string, unknown>;

/** Settings the release reads (a slice of AppConfig). */
export interface ReleaseSettings {
  QUALITY_THRESHOLD: number;
}

interface OpportunityRow {
  id: string;
  reference: string;
  status: string;
  procurement_mode: 'public' | 'invitation';
  evaluation_method: 'adjusted_price' | 'min_quality_lowest_price';
  k_percent: string | null;
  title: I18nText;
  summary: I18nText;
  estimated_value_cents: number;
  published_at: Date | null;
  proposal_deadline: Date | null;
  questions_deadline: Date | null;
  closed: boolean;
  pb_id: string;
  pb_name_fr: string;
  /** The parts below, aggregated as JSON in the same statement. */
  criteria: CriterionRow[];
  addenda: { number: number; body: I18nText; affects_price: boolean; published_at: string }[];
  contract: ContractRow | null;
  /** Counted proposals, once the deadline has passed (bigint as text); else null. */
  tenderers_count: string | null;
  /** The bidders' organizations by NEQ, once there is a contract (the award); else null. */
  tenderers: TendererRow[] | null;
}

interface CriterionRow {
  title: I18nText;
  weight: string;
  minimum_required: boolean;
}

interface TendererRow {
  id: string;
  legal_name: string;
  neq: string;
  city: string;
  province: string;
  postal_code: string;
}

interface ContractRow {
  id: string;
  reference: string;
  supplier_id: string;
  initial_amount_cents: number;
  status: string;
  /** JSON timestamps (ISO 8601 with offset). */
  awarded_at: string;
  delivery_end: string;
}

const TENDER_STATUS: Record<string, string> = {
  PUBLISHED: 'active',
  EVALUATION: 'active',
  AWARDED: 'complete',
  UNSUCCESSFUL: 'unsuccessful',
  CANCELLED: 'cancelled',
};

/** Contract statuses of domain.md §7 as OCDS contractStatus codes. */
const CONTRACT_STATUS: Record<string, string> = {
  ACTIVE: 'active',
  DELIVERED: 'active',
  ACCEPTED: 'active',
  PUBLISHED: 'active',
  PAID: 'terminated',
  TERMINATED: 'terminated',
};

/** Cents (integers) as an OCDS amount in dollars; exact to the cent. */
export const value = (cents: number) => ({ amount: Number((cents / 100).toFixed(2)), currency: 'CAD' });
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);
const money = (cents: number) =>
  `${(cents / 100).toLocaleString('fr-CA', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} $`;

export const buyerPartyId = (publicBodyId: string) => `OP-${publicBodyId}`;
export const vendorPartyId = (neq: string) => `NEQ-${neq}`;

/**
 * Awards criteria as OCDS codes (domain.md §8): the adjusted price ranks by weighted quality and
 * price (`ratedCriteria`); the lowest price among proposals reaching the quality minimum on every
 * criterion is `priceOnly`, the minimum told in `awardCriteriaDetails`.
 */
function awardCriteria(o: OpportunityRow, criteria: CriterionRow[], settings: ReleaseSettings) {
  const list = criteria.map((c) => `${c.title.fr} (${Number(c.weight)} %)`).join(' ; ');
  if (o.evaluation_method === 'adjusted_price') {
    return {
      awardCriteria: 'ratedCriteria',
      awardCriteriaDetails:
        `Prix ajusté le plus bas : prix / (1 + K × (Q − ${settings.QUALITY_THRESHOLD}) / 30), K = ${Number(o.k_percent)} %, ` +
        `parmi les propositions de note de qualité Q ≥ ${settings.QUALITY_THRESHOLD}. Critères : ${list}.`,
    };
  }
  return {
    awardCriteria: 'priceOnly',
    awardCriteriaDetails:
      `Prix le plus bas parmi les propositions atteignant la note de qualité minimale de ${settings.QUALITY_THRESHOLD} sur 100 ` +
      `à chaque critère. Critères : ${list}.`,
  };
}

/**
 * Builds the release body of an ocid (everything but `id`, `date` and `tag`) from the database
 * state, in the caller's transaction, holding only what domain.md §5.1 shows the public at that
 * moment: the number of tenderers once the deadline has passed, the tenderers' names from the
 * award on, the winner's price as the award and contract value; never another price, a response
 * or a score. Null when the opportunity was never published (nothing of it is public).
 */
export async function buildRelease(
  em: EntityManager,
  ocid: string,
  settings: ReleaseSettings,
  contractParts: ContractPartsReader,
  /** Also take the writer's per-ocid numbering lock, in this read (see OcdsReleaseWriter). */
  options: { lockNumbering?: boolean } = {},
): Promise<OcdsReleaseJson | null> {
  // One statement for the opportunity, its criteria, addenda, contract, number of tenderers
  // and, from the award on, the tenderers (each command that changes state writes a release:
  // this read is on every one).
  const [o] = await em.query<OpportunityRow[]>(
    `SELECT o.id, o.reference, o.status, o.procurement_mode, o.evaluation_method, o.k_percent::text AS k_percent,
            o.title, o.summary, o.estimated_value_cents, o.published_at, o.proposal_deadline, o.questions_deadline,
            (o.proposal_deadline <= now()) AS closed, pb.id AS pb_id, pb.name_fr AS pb_name_fr,
            (SELECT coalesce(json_agg(json_build_object('title', c.title, 'weight', c.weight::text,
                                                        'minimum_required', c.minimum_required) ORDER BY c.position), '[]')
               FROM opportunity_criterion c WHERE c.opportunity_id = o.id) AS criteria,
            (SELECT coalesce(json_agg(json_build_object('number', a.number, 'body', a.body, 'affects_price', a.affects_price,
                                                        'published_at', a.published_at) ORDER BY a.number), '[]')
               FROM opportunity_addendum a WHERE a.opportunity_id = o.id) AS addenda,
            (SELECT row_to_json(k) FROM (
               SELECT id, reference, supplier_id, initial_amount_cents, status, awarded_at,
                      ((delivery_due_date + 1)::timestamp AT TIME ZONE 'America/Montreal') - interval '1 second' AS delivery_end
                 FROM contract WHERE opportunity_id = o.id) k) AS contract,
            CASE WHEN o.proposal_deadline <= now() THEN
              (SELECT count(*) FROM proposal p WHERE p.opportunity_id = o.id AND ${countedProposalsSql('p')})
            END AS tenderers_count,
            CASE WHEN EXISTS (SELECT 1 FROM contract k WHERE k.opportunity_id = o.id) THEN
              (SELECT coalesce(json_agg(t ORDER BY t.neq), '[]') FROM (
                 SELECT DISTINCT v.id, v.legal_name, v.neq, v.city, v.province, v.postal_code
                   FROM proposal p JOIN vendor_organization v ON v.id = p.vendor_id
                  WHERE p.opportunity_id = o.id AND ${countedProposalsSql('p')}) t)
            END AS tenderers
            ${options.lockNumbering ? `, pg_advisory_xact_lock(hashtext('ocds_release:' || $1)) AS locked` : ''}
       FROM opportunity o JOIN public_body pb ON pb.id = o.public_body_id WHERE o.ocid = $1`,
    [ocid],
  );
  if (!o || o.published_at === null) return null;
  const { criteria, addenda, contract } = o;

  const buyer = { id: buyerPartyId(o.pb_id), name: o.pb_name_fr };
  const parties: Record<string, unknown>[] = [{ ...buyer, roles: ['buyer', 'procuringEntity'] }];
  const tender: Record<string, unknown> = {
    id: o.reference,
    title: o.title.fr,
    description: o.summary.fr,
    status: TENDER_STATUS[o.status] ?? 'active',
    procuringEntity: buyer,
    value: value(o.estimated_value_cents),
    procurementMethod: o.procurement_mode === 'public' ? 'open' : 'limited',
    procurementMethodDetails:
      o.procurement_mode === 'public' ? 'Appel d’offres public simplifié' : 'Appel d’offres sur invitation',
    mainProcurementCategory: 'services',
    ...awardCriteria(o, criteria, settings),
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: { startDate: iso(o.published_at), endDate: iso(o.proposal_deadline) },
    enquiryPeriod: { startDate: iso(o.published_at), endDate: iso(o.questions_deadline) },
  };
  if (addenda.length > 0) {
    tender.amendments = addenda.map((a) => ({
      id: `addenda-${a.number}`,
      date: iso(a.published_at),
      description: a.body.fr,
      rationale: a.affects_price ? 'Addenda ayant une incidence sur le prix' : 'Addenda',
    }));
  }
  if (o.closed) tender.numberOfTenderers = Number(o.tenderers_count);
  const release: OcdsReleaseJson = {
    ocid,
    initiationType: 'tender',
    language: 'fr',
    buyer,
    parties,
    tender,
  };
  if (!contract) return release;

  // From the award on, the bidders are named (as Québec publishes them) and the winner's price is the contract's.
  const tenderers = o.tenderers ?? [];
  const ref = (v: TendererRow) => ({ id: vendorPartyId(v.neq), name: v.legal_name });
  for (const v of tenderers) {
    parties.push({
      ...ref(v),
      identifier: { scheme: 'CA-QC-NEQ', id: v.neq, legalName: v.legal_name },
      address: { locality: v.city, region: v.province, postalCode: v.postal_code, countryName: 'Canada' },
      roles: v.id === contract.supplier_id ? ['tenderer', 'supplier'] : ['tenderer'],
    });
  }
  tender.tenderers = tenderers.map(ref);
  const supplier = tenderers.find((v) => v.id === contract.supplier_id);
  const suppliers = supplier ? [ref(supplier)] : [];
  const parts: ContractParts = (await contractParts.read(em, [contract.id])).get(contract.id) ?? NO_CONTRACT_PARTS;
  const awardId = `${o.reference}-adjudication`;
  const period = { startDate: iso(contract.awarded_at), endDate: iso(contract.delivery_end) };
  release.awards = [
    {
      id: awardId,
      status: 'active',
      date: iso(contract.awarded_at),
      value: value(contract.initial_amount_cents),
      suppliers,
      contractPeriod: period,
    },
  ];
  const amended = parts.amendments.reduce((sum, a) => sum + a.amountCents, 0);
  const contractJson: Record<string, unknown> = {
    id: contract.reference,
    awardID: awardId,
    status: CONTRACT_STATUS[contract.status] ?? 'active',
    value: value(contract.initial_amount_cents + amended),
    period,
  };
  if (parts.amendments.length > 0) {
    contractJson.amendments = parts.amendments.map((a) => ({
      id: a.id,
      date: iso(a.date),
      rationale: a.justification,
      description: `Modification de ${money(a.amountCents)} au montant initial de ${money(contract.initial_amount_cents)}`,
    }));
  }
  if (parts.payments.length > 0) {
    contractJson.implementation = {
      transactions: parts.payments.map((p) => ({
        id: p.id,
        date: iso(p.date),
        value: value(p.amountCents),
        payer: buyer,
        payee: suppliers[0],
      })),
    };
  }
  release.contracts = [contractJson];
  return release;
}
