import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { ContractView } from './dto/contract.view';
import type { ContractStatus } from './entities/contract.entity';

interface ContractRow {
  id: string;
  reference: string;
  status: ContractStatus;
  opportunity_id: string;
  opportunity_reference: string;
  public_body_id: string;
  proposal_id: string;
  supplier_id: string;
  legal_name: string;
  neq: string;
  initial_amount_cents: number;
  delivery_due_date: string;
  license: string | null;
  awarded_at: Date;
}

/**
 * Reads of contracts (domain.md §7). Readers: buyers of the owning public body, members of
 * the supplier, auditors and admins; for anyone else the contract does not exist (404).
 */
@Injectable()
export class ContractsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(actor: Actor, id: string): Promise<ContractView> {
    const [row] = await this.dataSource.query<ContractRow[]>(
      `SELECT c.id, c.reference, c.status, c.opportunity_id, o.reference AS opportunity_reference, o.public_body_id, c.proposal_id,
              c.supplier_id, v.legal_name, v.neq, c.initial_amount_cents, to_char(c.delivery_due_date, 'YYYY-MM-DD') AS delivery_due_date,
              o.license, c.awarded_at
         FROM contract c
         JOIN opportunity o ON o.id = c.opportunity_id
         JOIN vendor_organization v ON v.id = c.supplier_id
        WHERE c.id = $1
          AND ($2 IN ('admin', 'auditor')
               OR ($2 = 'buyer' AND o.public_body_id = $3::uuid)
               OR EXISTS (SELECT 1 FROM vendor_membership m WHERE m.vendor_id = c.supplier_id AND m.user_id = $4::uuid))`,
      [id, actor.role, actor.publicBodyId ?? null, actor.id],
    );
    if (!row) throw DomainError.notFound('contract');
    const initial = Number(row.initial_amount_cents);
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      opportunityId: row.opportunity_id,
      opportunityReference: row.opportunity_reference,
      proposalId: row.proposal_id,
      supplier: { id: row.supplier_id, legalName: row.legal_name, neq: row.neq },
      initialAmountCents: initial,
      totalAmountCents: initial,
      deliveryDueDate: row.delivery_due_date,
      license: row.license,
      awardedAt: new Date(row.awarded_at).toISOString(),
      amendments: [],
      deliverables: [],
      payments: [],
    };
  }
}
