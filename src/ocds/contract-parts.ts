import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A contract amendment as the open data shows it (domain.md §7). */
export interface ContractAmendmentPart {
  id: string;
  date: Date;
  amountCents: number;
  justification: string;
}

/** A payment recorded on a contract (an OCDS implementation transaction). */
export interface ContractPaymentPart {
  id: string;
  date: Date;
  amountCents: number;
  invoiceNumber: string | null;
}

/** What the contracts module knows of a contract beyond the `contract` row. */
export interface ContractParts {
  amendments: ContractAmendmentPart[];
  payments: ContractPaymentPart[];
  /** The forge project URL once the code is published. */
  forgeProjectUrl: string | null;
  /** The reason of a termination (status TERMINATED). */
  terminationReason: string | null;
}

export const NO_CONTRACT_PARTS: ContractParts = {
  amendments: [],
  payments: [],
  forgeProjectUrl: null,
  terminationReason: null,
};

/**
 * The contracts module's side of the open data: amendments, payments and forge details of
 * contracts, read in the caller's transaction. The OCDS writer and the contract CSV ask
 * through this class only, so the contracts module may replace the provider with its own
 * reader (docs/open-data.md, "Contracts").
 */
export abstract class ContractPartsReader {
  abstract read(em: EntityManager, contractIds: readonly string[]): Promise<Map<string, ContractParts>>;
}

type Row = Record<string, unknown>;

const first = (row: Row, names: readonly string[]): unknown => {
  for (const n of names) if (row[n] !== undefined && row[n] !== null) return row[n];
  return null;
};
const asDate = (v: unknown): Date => new Date(v as string);
const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The default reader: the `contract_amendment` and `contract_payment` tables when they exist
 * (rows read as JSON, so that the reader survives column additions), and the forge URL and
 * termination reason from the `contract` row when it has such columns. Absent tables mean
 * "no amendment, no payment".
 */
@Injectable()
export class TableContractPartsReader extends ContractPartsReader {
  async read(em: EntityManager, contractIds: readonly string[]): Promise<Map<string, ContractParts>> {
    const parts = new Map<string, ContractParts>(
      contractIds.map((id) => [id, { ...NO_CONTRACT_PARTS, amendments: [], payments: [] }]),
    );
    if (contractIds.length === 0) return parts;
    const ids = [...contractIds];
    const [tables] = await em.query<{ amendments: boolean; payments: boolean }[]>(
      `SELECT to_regclass('contract_amendment') IS NOT NULL AS amendments, to_regclass('contract_payment') IS NOT NULL AS payments`,
    );
    const rowsOf = (table: string, order: string) =>
      em.query<{ row: Row }[]>(
        `SELECT to_jsonb(t) AS row FROM ${table} t WHERE t.contract_id = ANY($1::uuid[]) ORDER BY ${order}`,
        [ids],
      );
    if (tables.amendments) {
      for (const { row } of await rowsOf('contract_amendment', 't.created_at, t.id')) {
        parts.get(String(row.contract_id))?.amendments.push({
          id: String(row.id),
          date: asDate(first(row, ['amended_at', 'created_at'])),
          amountCents: Number(first(row, ['amount_cents', 'delta_cents'])),
          justification: asText(first(row, ['justification', 'reason'])) ?? '',
        });
      }
    }
    if (tables.payments) {
      for (const { row } of await rowsOf('contract_payment', 't.created_at, t.id')) {
        parts.get(String(row.contract_id))?.payments.push({
          id: String(row.id),
          date: asDate(first(row, ['paid_at', 'recorded_at', 'created_at'])),
          amountCents: Number(first(row, ['amount_cents'])),
          invoiceNumber: asText(first(row, ['invoice_number'])),
        });
      }
    }
    const contracts = await em.query<{ row: Row }[]>(
      `SELECT to_jsonb(c) AS row FROM contract c WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    for (const { row } of contracts) {
      const p = parts.get(String(row.id));
      if (!p) continue;
      p.forgeProjectUrl = asText(first(row, ['forge_project_url', 'project_url']));
      p.terminationReason = asText(first(row, ['termination_reason']));
    }
    return parts;
  }
}
