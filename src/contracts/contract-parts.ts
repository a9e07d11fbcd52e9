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
 * in one statement for any number of contracts (each release from the award on reads it),
 * amendments by number and payments oldest first.
 */
@Injectable()
export class ContractPartsSqlReader extends ContractPartsReader {
  async read(em: EntityManager, contractIds: readonly string[]): Promise<Map<string, ContractParts>> {
    const parts = new Map<string, ContractParts>(
      contractIds.map((id) => [id, { ...NO_CONTRACT_PARTS, amendments: [], payments: [] }]),
    );
    if (contractIds.length === 0) return parts;
    const rows = await em.query<
      {
        id: string;
        project_url: string | null;
        termination_reason: string | null;
        amendments: { id: string; created_at: string; amount_cents: number; justification: string }[];
        payments: { id: string; created_at: string; amount_cents: number; invoice_number: string | null }[];
      }[]
    >(
      `SELECT c.id, c.project_url, c.termination_reason,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'created_at', a.created_at,
                                                          'amount_cents', a.amount_cents, 'justification', a.justification)
                                        ORDER BY a.number), '[]')
                 FROM contract_amendment a WHERE a.contract_id = c.id) AS amendments,
              (SELECT coalesce(json_agg(json_build_object('id', p.id, 'created_at', p.created_at,
                                                          'amount_cents', p.amount_cents, 'invoice_number', p.invoice_number)
                                        ORDER BY p.created_at, p.id), '[]')
                 FROM contract_payment p WHERE p.contract_id = c.id) AS payments
         FROM contract c WHERE c.id = ANY($1::uuid[])`,
      [[...contractIds]],
    );
    for (const c of rows) {
      const p = parts.get(c.id);
      if (!p) continue;
      p.forgeProjectUrl = c.project_url;
      p.terminationReason = c.termination_reason;
      p.amendments = c.amendments.map((a) => ({
        id: a.id,
        date: new Date(a.created_at),
        amountCents: Number(a.amount_cents),
        justification: a.justification,
      }));
      p.payments = c.payments.map((x) => ({
        id: x.id,
        date: new Date(x.created_at),
        amountCents: Number(x.amount_cents),
        invoiceNumber: x.invoice_number,
      }));
    }
    return parts;
  }
}
