import type { EntityManager } from 'typeorm';
import type { ContractStatus } from '../../contracts/entities/contract.entity';
import type { Actor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { SqlParams } from '../util/sql-params';

/**
 * Who reads a contract (domain.md §7, api.md): buyers of the owning public body, members of
 * the supplier, auditors and admins. For anyone else — anonymous callers included — the
 * contract does not exist (404), on every contract route, reads and writes alike; only then
 * does a write check the caller's part (owning buyer or supplier member: 403 otherwise).
 */
export type ContractRelation = 'buyer' | 'supplier' | 'staff';

/**
 * The SQL condition "the actor reads contract `c`" (`o` = its opportunity), set-based, for one
 * contract or a list and its total. Appends its parameters to `params` (the access module's
 * one convention, as proposal-access.sql.ts).
 */
export function contractReadableSql(actor: Actor, params: SqlParams, c = 'c', o = 'o'): string {
  const role = params.add(actor.role);
  const body = params.add(actor.publicBodyId ?? null);
  const user = params.add(actor.id);
  return `((${role}::text IN ('admin', 'auditor'))
  OR (${role}::text = 'buyer' AND ${o}.public_body_id = ${body}::uuid)
  OR (${role}::text = 'vendor' AND EXISTS (SELECT 1 FROM vendor_membership m WHERE m.vendor_id = ${c}.supplier_id AND m.user_id = ${user}::uuid)))`;
}

export interface ContractRecord {
  id: string;
  reference: string;
  status: ContractStatus;
  ocid: string;
  opportunityId: string;
  publicBodyId: string;
  supplierId: string;
  supplierName: string;
  initialAmountCents: number;
  license: string | null;
  acceptanceCriteria: { fr: string; en?: string }[];
  relation: ContractRelation;
}

interface Row {
  id: string;
  reference: string;
  status: ContractStatus;
  ocid: string;
  opportunity_id: string;
  public_body_id: string;
  supplier_id: string;
  legal_name: string;
  initial_amount_cents: number;
  license: string | null;
  acceptance_criteria: { fr: string; en?: string }[];
}

/**
 * The contract as `actor` may see it, or 404; with `relation`, a write by that part only (403
 * for a reader of another part, after the 404 check). With `lock`, the contract row is locked FOR
 * UPDATE (the commands' serialisation point: amendments, payments and transitions of one
 * contract take turns).
 */
export async function requireContract(
  em: EntityManager,
  actor: Actor | null | undefined,
  id: string,
  options: { lock?: boolean; relation?: 'buyer' | 'supplier' } = {},
): Promise<ContractRecord> {
  if (!actor) throw DomainError.notFound('contract');
  const params = new SqlParams([id]);
  const readable = contractReadableSql(actor, params);
  const [row] = await em.query<Row[]>(
    `SELECT c.id, c.reference, c.status, o.ocid, c.opportunity_id, o.public_body_id, c.supplier_id, v.legal_name,
            c.initial_amount_cents, o.license, o.acceptance_criteria
       FROM contract c
       JOIN opportunity o ON o.id = c.opportunity_id
       JOIN vendor_organization v ON v.id = c.supplier_id
      WHERE c.id = $1 AND ${readable}
      ${options.lock ? 'FOR UPDATE OF c' : ''}`,
    params.values,
  );
  if (!row) throw DomainError.notFound('contract');
  const contract: ContractRecord = {
    id: row.id,
    reference: row.reference,
    status: row.status,
    ocid: row.ocid,
    opportunityId: row.opportunity_id,
    publicBodyId: row.public_body_id,
    supplierId: row.supplier_id,
    supplierName: row.legal_name,
    initialAmountCents: Number(row.initial_amount_cents),
    license: row.license,
    acceptanceCriteria: row.acceptance_criteria ?? [],
    relation: actor.role === 'buyer' ? 'buyer' : actor.role === 'vendor' ? 'supplier' : 'staff',
  };
  if (options.relation) requireRelation(contract, options.relation);
  return contract;
}

const REQUIRED: Record<'buyer' | 'supplier', string> = {
  buyer: 'Seuls les acheteurs de l’organisme public responsable peuvent effectuer cette action.',
  supplier: 'Seuls les membres de l’organisation fournisseur peuvent effectuer cette action.',
};

/** A write by the owning buyer or by a supplier member only (a reader of another part: 403). */
export function requireRelation(contract: ContractRecord, relation: 'buyer' | 'supplier'): void {
  if (contract.relation !== relation) throw DomainError.forbidden(REQUIRED[relation]);
}
