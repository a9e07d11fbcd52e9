import type { EntityManager } from 'typeorm';
import { ContractParts, ContractPartsReader, NO_CONTRACT_PARTS } from '../contracts/contract-parts';
import { EXPORT_PAGE_SIZE } from './release-stream';

/** The columns of the contract CSV (SEAO style), in order. */
export const CONTRACT_CSV_COLUMNS = [
  'Numéro du contrat',
  'Numéro de l’appel d’offres',
  'Identifiant OCDS',
  'Organisme public',
  'Sigle de l’organisme',
  'Fournisseur',
  'NEQ du fournisseur',
  'Mode de sollicitation',
  'Date d’adjudication',
  'Montant initial',
  'Modifications',
  'Montant total',
  'Montant payé',
  'Statut',
  'Licence',
  'Projet sur la forge',
] as const;

const MODE: Record<string, string> = { public: 'Appel d’offres public', invitation: 'Appel d’offres sur invitation' };
const STATUS: Record<string, string> = {
  ACTIVE: 'En cours',
  DELIVERED: 'Livré',
  ACCEPTED: 'Accepté',
  PUBLISHED: 'Publié sur la forge',
  PAID: 'Payé',
  TERMINATED: 'Résilié',
};

/** RFC 4180: a field with a comma, a quote, a line break or edge spaces is quoted, quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly (string | number | null | undefined)[]) =>
  `${fields.map(csvField).join(',')}\r\n`;

/** Integer cents as dollars with a decimal point and two decimals, exactly (no float). */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

interface ContractCsvRow {
  id: string;
  reference: string;
  status: string;
  initial_amount_cents: number;
  award_date: string;
  opportunity_reference: string;
  ocid: string;
  procurement_mode: string;
  license: string | null;
  public_body: string;
  acronym: string;
  supplier: string;
  neq: string;
}

/** Fiscal year N: from April 1 of N to April 1 of N + 1 (exclusive), midnight in Montréal. */
const FISCAL_YEAR_SQL = `c.awarded_at >= (make_date($1::int, 4, 1)::timestamp AT TIME ZONE 'America/Montreal')
  AND c.awarded_at < (make_date($1::int + 1, 4, 1)::timestamp AT TIME ZONE 'America/Montreal')`;

export async function countContracts(em: EntityManager, fiscalYear: number): Promise<number> {
  const [{ n }] = await em.query<{ n: string }[]>(`SELECT count(*) AS n FROM contract c WHERE ${FISCAL_YEAR_SQL}`, [
    fiscalYear,
  ]);
  return Number(n);
}

/**
 * The contracts awarded in a fiscal year as CSV (UTF-8, CRLF, header first), one row per
 * contract, by keyset pages on the contract reference. Amounts: initial (the awarded price),
 * the sum of amendments, total = initial + amendments, paid = the sum of payments.
 */
export async function* contractCsv(
  em: EntityManager,
  fiscalYear: number,
  parts: ContractPartsReader,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<string> {
  yield csvLine(CONTRACT_CSV_COLUMNS);
  let last = '';
  for (;;) {
    const rows = await em.query<ContractCsvRow[]>(
      `SELECT c.id, c.reference, c.status, c.initial_amount_cents,
              to_char(c.awarded_at AT TIME ZONE 'America/Montreal', 'YYYY-MM-DD') AS award_date,
              o.reference AS opportunity_reference, o.ocid, o.procurement_mode, o.license,
              pb.name_fr AS public_body, pb.acronym, v.legal_name AS supplier, v.neq
         FROM contract c
         JOIN opportunity o ON o.id = c.opportunity_id
         JOIN public_body pb ON pb.id = o.public_body_id
         JOIN vendor_organization v ON v.id = c.supplier_id
        WHERE ${FISCAL_YEAR_SQL} AND c.reference > $2
        ORDER BY c.reference LIMIT $3`,
      [fiscalYear, last, pageSize],
    );
    if (rows.length === 0) return;
    const byId = await parts.read(
      em,
      rows.map((r) => r.id),
    );
    for (const r of rows) yield csvLine(contractFields(r, byId.get(r.id) ?? NO_CONTRACT_PARTS));
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1].reference;
  }
}

function contractFields(r: ContractCsvRow, p: ContractParts): (string | number)[] {
  const amended = p.amendments.reduce((s, a) => s + a.amountCents, 0);
  const paid = p.payments.reduce((s, a) => s + a.amountCents, 0);
  return [
    r.reference,
    r.opportunity_reference,
    r.ocid,
    r.public_body,
    r.acronym,
    r.supplier,
    r.neq,
    MODE[r.procurement_mode] ?? r.procurement_mode,
    r.award_date,
    dollars(r.initial_amount_cents),
    dollars(amended),
    dollars(r.initial_amount_cents + amended),
    dollars(paid),
    STATUS[r.status] ?? r.status,
    r.license ?? '',
    p.forgeProjectUrl ?? '',
  ];
}

/** What the CSV's ETag covers: the contracts' last change and the last release written. */
export async function contractsVersion(em: EntityManager): Promise<string> {
  const [row] = await em.query<{ v: string }[]>(
    `SELECT concat_ws('/', (SELECT count(*) FROM contract), (SELECT max(updated_at) FROM contract)::text,
                      (SELECT coalesce(max(seq), 0) FROM ocds_release)) AS v`,
  );
  return row.v;
}
