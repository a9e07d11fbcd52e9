import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { CommandScope } from '../common/command/command-runner.service';
import { Page, pageOf, pageOffset } from '../common/util/pagination';
import { nextReference } from '../database/reference-counter';
import { contractReference, CONTRACT_REFERENCE_KIND } from './contracts.rules';
import { contractReadableSql, requireContract } from '../common/access/contract-access';
import { SqlParams } from '../common/util/sql-params';
import { ContractsQuery } from './dto/contract-input.dto';
import { ContractSummaryView, ContractView, DeliverableView, PublicationView } from './dto/contract.view';
import type { ContractStatus, PublicationStatus } from './entities/contract.entity';
import type { CheckStatus, DeliverableCheck } from './entities/contract-deliverable.entity';

export interface NewContract {
  opportunityId: string;
  ocid: string;
  proposalId: string;
  supplierId: string;
  initialAmountCents: number;
  deliveryDueDate: string | null;
  awardedById: string;
}

const SUMMARY_COLUMNS = `c.id, c.reference, c.status, c.opportunity_id, o.reference AS opportunity_reference, o.public_body_id,
  c.supplier_id, v.legal_name, v.neq, c.initial_amount_cents,
  (SELECT coalesce(sum(a.amount_cents), 0) FROM contract_amendment a WHERE a.contract_id = c.id)::bigint AS amended_cents,
  to_char(c.delivery_due_date, 'YYYY-MM-DD') AS delivery_due_date, c.awarded_at`;

interface SummaryRow {
  id: string;
  reference: string;
  status: ContractStatus;
  opportunity_id: string;
  opportunity_reference: string;
  public_body_id: string;
  supplier_id: string;
  legal_name: string;
  neq: string;
  initial_amount_cents: number;
  amended_cents: string;
  delivery_due_date: string;
  awarded_at: Date;
}

const toSummary = (r: SummaryRow): ContractSummaryView => ({
  id: r.id,
  reference: r.reference,
  status: r.status,
  opportunityId: r.opportunity_id,
  opportunityReference: r.opportunity_reference,
  publicBodyId: r.public_body_id,
  supplier: { id: r.supplier_id, legalName: r.legal_name, neq: r.neq },
  initialAmountCents: Number(r.initial_amount_cents),
  totalAmountCents: Number(r.initial_amount_cents) + Number(r.amended_cents),
  deliveryDueDate: r.delivery_due_date,
  awardedAt: new Date(r.awarded_at).toISOString(),
});

/**
 * The contract an award creates, and the reads of contracts (domain.md §7). Readers: buyers
 * of the owning public body, members of the supplier, auditors and admins; for anyone else
 * the contract does not exist (404). Commands live in ContractCommandsService.
 */
@Injectable()
export class ContractsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inside the award's command: the next `C-<year>-<seq>` (the award's year in Montréal), the
   * contract row (ACTIVE), its `contract.create` audit event and the release seam (`contract`).
   */
  async createFromAward(scope: CommandScope, c: NewContract): Promise<{ id: string; reference: string }> {
    const em = scope.em;
    const next = await nextReference(em, CONTRACT_REFERENCE_KIND);
    const reference = contractReference(next.year, next.number);
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO contract (reference, opportunity_id, proposal_id, supplier_id, initial_amount_cents, delivery_due_date, awarded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [reference, c.opportunityId, c.proposalId, c.supplierId, c.initialAmountCents, c.deliveryDueDate, c.awardedById],
    );
    scope.audit({
      action: 'contract.create',
      entityType: 'contract',
      entityId: row.id,
      data: {
        reference,
        opportunityId: c.opportunityId,
        proposalId: c.proposalId,
        supplierId: c.supplierId,
        initialAmountCents: c.initialAmountCents,
        deliveryDueDate: c.deliveryDueDate,
        status: 'ACTIVE',
      },
    });
    scope.release(c.ocid, ['contract'], 'contract', row.id);
    return { id: row.id, reference };
  }

  async list(actor: Actor | undefined, query: ContractsQuery): Promise<Page<ContractSummaryView>> {
    if (!actor) return pageOf([], query, 0);
    const sql = new SqlParams();
    const status = sql.add(query.status ?? null);
    const body = sql.add(query.publicBodyId ?? null);
    const where = `${contractReadableSql(actor, sql)} AND (${status}::text IS NULL OR c.status = ${status}) AND (${body}::uuid IS NULL OR o.public_body_id = ${body})`;
    const params = sql.values;
    const limit = `LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    const from = `FROM contract c JOIN opportunity o ON o.id = c.opportunity_id JOIN vendor_organization v ON v.id = c.supplier_id`;
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT ${SUMMARY_COLUMNS} ${from} WHERE ${where} ORDER BY c.awarded_at DESC, c.id ${limit}`,
      [...params, query.pageSize, pageOffset(query)],
    );
    const [{ total }] = await this.dataSource.query<{ total: string }[]>(
      `SELECT count(*) AS total ${from} WHERE ${where}`,
      params,
    );
    return pageOf(rows.map(toSummary), query, Number(total));
  }

  async get(actor: Actor | undefined, id: string): Promise<ContractView> {
    const em = this.dataSource.manager;
    await requireContract(em, actor, id);
    return this.view(em, id);
  }

  async publication(actor: Actor | undefined, id: string): Promise<PublicationView> {
    const em = this.dataSource.manager;
    await requireContract(em, actor, id);
    return (await this.publicationOf(em, id)) ?? PENDING_PUBLICATION;
  }

  /** The whole contract (after the access check). */
  async view(em: EntityManager, id: string): Promise<ContractView> {
    const [row] = await em.query<
      (SummaryRow & {
        proposal_id: string;
        license: string | null;
        accepted_deliverable_id: string | null;
        termination_reason: string | null;
      })[]
    >(
      `SELECT ${SUMMARY_COLUMNS}, c.proposal_id, o.license, c.accepted_deliverable_id, c.termination_reason
         FROM contract c JOIN opportunity o ON o.id = c.opportunity_id JOIN vendor_organization v ON v.id = c.supplier_id
        WHERE c.id = $1`,
      [id],
    );
    const amendments = await em.query<
      { id: string; number: number; amount_cents: number; justification: string; created_at: Date }[]
    >(
      `SELECT id, number, amount_cents, justification, created_at FROM contract_amendment WHERE contract_id = $1 ORDER BY number`,
      [id],
    );
    const payments = await em.query<{ id: string; invoice_number: string; amount_cents: number; created_at: Date }[]>(
      `SELECT id, invoice_number, amount_cents, created_at FROM contract_payment WHERE contract_id = $1 ORDER BY created_at, id`,
      [id],
    );
    const summary = toSummary(row);
    return {
      ...summary,
      proposalId: row.proposal_id,
      license: row.license,
      amendedCents: Number(row.amended_cents),
      paidCents: payments.reduce((sum, p) => sum + Number(p.amount_cents), 0),
      acceptedDeliverableId: row.accepted_deliverable_id,
      terminationReason: row.termination_reason,
      amendments: amendments.map((a) => ({
        id: a.id,
        number: Number(a.number),
        amountCents: Number(a.amount_cents),
        justification: a.justification,
        createdAt: new Date(a.created_at).toISOString(),
      })),
      deliverables: await this.deliverables(em, id),
      publication: await this.publicationOf(em, id),
      payments: payments.map((p) => ({
        id: p.id,
        invoiceNumber: p.invoice_number,
        amountCents: Number(p.amount_cents),
        recordedAt: new Date(p.created_at).toISOString(),
      })),
    };
  }

  async deliverables(em: EntityManager, contractId: string, deliverableId?: string): Promise<DeliverableView[]> {
    const rows = await em.query<
      {
        id: string;
        number: number;
        file_name: string;
        format: string;
        size_bytes: string;
        sha256: string;
        entry_count: number;
        expanded_bytes: string;
        manifest_size: number;
        check_status: CheckStatus;
        checks: DeliverableCheck[];
        checked_at: Date | null;
        created_at: Date;
      }[]
    >(
      `SELECT id, number, file_name, format, size_bytes, sha256, entry_count, expanded_bytes,
              jsonb_array_length(manifest) AS manifest_size, check_status, checks, checked_at, created_at
         FROM contract_deliverable WHERE contract_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY number`,
      [contractId, deliverableId ?? null],
    );
    return rows.map((d) => ({
      id: d.id,
      number: Number(d.number),
      fileName: d.file_name,
      format: d.format,
      sizeBytes: Number(d.size_bytes),
      sha256: d.sha256,
      entryCount: Number(d.entry_count),
      expandedBytes: Number(d.expanded_bytes),
      manifestSize: Number(d.manifest_size),
      checkStatus: d.check_status,
      checks: d.checks,
      checkedAt: d.checked_at ? new Date(d.checked_at).toISOString() : null,
      uploadedAt: new Date(d.created_at).toISOString(),
    }));
  }

  private async publicationOf(em: EntityManager, id: string): Promise<PublicationView | null> {
    const [p] = await em.query<
      {
        publication_status: PublicationStatus | null;
        project_url: string | null;
        commit_sha: string | null;
        release_url: string | null;
        publication_attempts: number;
        publication_last_error: string | null;
      }[]
    >(
      `SELECT publication_status, project_url, commit_sha, release_url, publication_attempts, publication_last_error
         FROM contract WHERE id = $1`,
      [id],
    );
    if (!p?.publication_status) return null;
    return {
      status: p.publication_status,
      projectUrl: p.project_url,
      commitSha: p.commit_sha,
      releaseUrl: p.release_url,
      attempts: Number(p.publication_attempts),
      lastError: p.publication_last_error,
    };
  }
}

/** Before acceptance nothing is queued yet: the publication reads as PENDING (api.md shape). */
const PENDING_PUBLICATION: PublicationView = {
  status: 'PENDING',
  projectUrl: null,
  commitSha: null,
  releaseUrl: null,
  attempts: 0,
  lastError: null,
};
