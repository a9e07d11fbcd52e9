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
 * contracts, read in the caller's transaction. The OCDS release writer (src/ocds) and the
 * contract CSV (src/exports) ask through this token only; the contracts module provides the
 * implementation below (docs/open-data.md, "Contracts").
 */
export abstract class ContractPartsReader {
  abstract read(em: EntityManager, contractIds: readonly string[]): Promise<Map<string, ContractParts>>;
}

/**
 * The contracts module's reader: the `contract_amendment` and `contract_payment` rows and the
 * `project_url` / `termination_reason` columns of the contract entities (src/contracts/entities),
 * three set-based queries for any number of contracts, oldest first.
 */
@Injectable()
export class ContractPartsSqlReader extends ContractPartsReader {
  async read(em: EntityManager, contractIds: readonly string[]): Promise<Map<string, ContractParts>> {
    const parts = new Map<string, ContractParts>(
      contractIds.map((id) => [id, { ...NO_CONTRACT_PARTS, amendments: [], payments: [] }]),
    );
    if (contractIds.length === 0) return parts;
    const ids = [...contractIds];
    const amendments = await em.query<
      { contract_id: string; id: string; created_at: Date; amount_cents: number; justification: string }[]
    >(
      `SELECT contract_id, id, created_at, amount_cents, justification FROM contract_amendment
        WHERE contract_id = ANY($1::uuid[]) ORDER BY contract_id, number`,
      [ids],
    );
    for (const a of amendments) {
      parts.get(a.contract_id)?.amendments.push({
        id: a.id,
        date: new Date(a.created_at),
        amountCents: Number(a.amount_cents),
        justification: a.justification,
      });
    }
    const payments = await em.query<
      { contract_id: string; id: string; created_at: Date; amount_cents: number; invoice_number: string }[]
    >(
      `SELECT contract_id, id, created_at, amount_cents, invoice_number FROM contract_payment
        WHERE contract_id = ANY($1::uuid[]) ORDER BY contract_id, created_at, id`,
      [ids],
    );
    for (const p of payments) {
      parts.get(p.contract_id)?.payments.push({
        id: p.id,
        date: new Date(p.created_at),
        amountCents: Number(p.amount_cents),
        invoiceNumber: p.invoice_number,
      });
    }
    const contracts = await em.query<{ id: string; project_url: string | null; termination_reason: string | null }[]>(
      `SELECT id, project_url, termination_reason FROM contract WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const c of contracts) {
      const p = parts.get(c.id);
      if (!p) continue;
      p.forgeProjectUrl = c.project_url;
      p.terminationReason = c.termination_reason;
    }
    return parts;
  }
}
