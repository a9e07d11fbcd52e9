import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../common/access/access.service';
import { SqlParams } from '../../common/util/sql-params';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { Page, pageOf, pageOffset, PageQuery } from '../../common/util/pagination';
import { activeAttachmentsByProposal } from '../active-attachments';
import { ProposalAttachmentView, toAttachmentView } from '../dto/proposal-parts.view';
import { ProposalView } from './proposal.view';

interface ProposalRow {
  id: string;
  opportunity_id: string;
  vendor_id: string;
  vendor_name: string;
  status: string;
  version: number;
  responses: { criterionId: string; text: string }[];
  attestations: Record<string, unknown>;
  submitted_at: Date | null;
  receipt_hash: string | null;
  price_allowed: boolean;
  price_cents: number | null;
  created_at: Date;
  updated_at: Date;
  total: string;
}

export interface AttachmentDownload {
  fileName: string;
  contentType: string;
  sha256: string;
  content: Buffer;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Reads of proposals. Which rows a reader gets, and whether their price envelope opens, is
 * decided in SQL by the access service (the sealed-bid table): rows, totals and pages never
 * count what the reader may not see, and a price the reader may not read never leaves the
 * database.
 */
@Injectable()
export class ProposalReadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async get(actor: Actor | undefined, id: string): Promise<ProposalView> {
    const em = this.dataSource.manager;
    await this.access.requireProposal(em, actor, id);
    const page = await this.select(em, actor, 'p.id = $1', [id], { page: 1, pageSize: 1 });
    if (page.items.length === 0) throw DomainError.notFound('proposal');
    return page.items[0];
  }

  /** The proposals of one opportunity this reader may see (vendors: their own organization's). */
  async listForOpportunity(
    actor: Actor | undefined,
    opportunityId: string,
    query: PageQuery,
  ): Promise<Page<ProposalView>> {
    const em = this.dataSource.manager;
    // A committee member without a declaration, or recused, is told why (403) rather than shown an empty list.
    await this.access.requireCommitteeStanding(em, actor, opportunityId);
    return this.select(em, actor, 'p.opportunity_id = $1', [opportunityId], query);
  }

  /** A vendor organization's proposals across opportunities: its members only (otherwise 404). */
  async listForVendor(actor: Actor, vendorId: string, query: PageQuery): Promise<Page<ProposalView>> {
    const em = this.dataSource.manager;
    await this.access.requireVendorMember(em, actor, vendorId);
    return this.select(em, actor, 'p.vendor_id = $1', [vendorId], query);
  }

  /** An attachment, for readers of the proposal's content. */
  async attachment(actor: Actor | undefined, proposalId: string, attachmentId: string): Promise<AttachmentDownload> {
    const em = this.dataSource.manager;
    await this.access.requireProposal(em, actor, proposalId, 'content');
    const rows = await em.query<{ file_name: string; content_type: string; sha256: string; content: Buffer }[]>(
      `SELECT file_name, content_type, sha256, content FROM proposal_attachment
        WHERE id = $1 AND proposal_id = $2 AND removed_at IS NULL`,
      [attachmentId, proposalId],
    );
    if (rows.length === 0) throw DomainError.notFound('proposal_attachment');
    const r = rows[0];
    return { fileName: r.file_name, contentType: r.content_type, sha256: r.sha256, content: r.content };
  }

  private async select(
    em: EntityManager,
    actor: Actor | undefined,
    where: string,
    whereParams: unknown[],
    query: PageQuery,
  ): Promise<Page<ProposalView>> {
    const params = new SqlParams(whereParams);
    const readable = this.access.readableProposalsSql(actor, params, 'p', 'o', 'exists');
    const priceAllowed = this.access.readableProposalsSql(actor, params, 'p', 'o', 'price');
    const limit = params.add(query.pageSize);
    const offset = params.add(pageOffset(query));
    const rows = await em.query<ProposalRow[]>(
      `SELECT p.id, p.opportunity_id, p.vendor_id, v.legal_name AS vendor_name, p.status, p.version, p.responses, p.attestations,
              p.submitted_at, p.created_at, p.updated_at, x.price_allowed,
              CASE WHEN x.price_allowed THEN p.receipt_hash END AS receipt_hash,
              CASE WHEN x.price_allowed THEN (SELECT pp.price_cents FROM proposal_price pp WHERE pp.proposal_id = p.id) END AS price_cents,
              count(*) OVER () AS total
         FROM proposal p
         JOIN opportunity o ON o.id = p.opportunity_id
         JOIN vendor_organization v ON v.id = p.vendor_id
         CROSS JOIN LATERAL (SELECT ${priceAllowed} AS price_allowed) x
        WHERE ${where} AND ${readable}
        ORDER BY p.submitted_at NULLS LAST, p.created_at, p.id
        LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.page > 1) {
      const countParams = new SqlParams(whereParams);
      const condition = this.access.readableProposalsSql(actor, countParams, 'p', 'o', 'exists');
      const [c] = await em.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM proposal p JOIN opportunity o ON o.id = p.opportunity_id WHERE ${where} AND ${condition}`,
        countParams.values,
      );
      total = Number(c.n);
    }
    const attachments = await activeAttachmentsByProposal(
      em,
      rows.map((r) => r.id),
    );
    return pageOf(
      rows.map((r) => this.toView(r, (attachments.get(r.id) ?? []).map(toAttachmentView))),
      query,
      total,
    );
  }

  private toView(r: ProposalRow, attachments: ProposalAttachmentView[]): ProposalView {
    const view: ProposalView = {
      id: r.id,
      opportunityId: r.opportunity_id,
      vendorId: r.vendor_id,
      vendorName: r.vendor_name,
      status: r.status,
      version: r.version,
      responses: r.responses,
      attestations: r.attestations,
      submittedAt: iso(r.submitted_at),
      attachments,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    };
    if (r.price_allowed) {
      view.receiptHash = r.receipt_hash;
      if (r.price_cents !== null) view.priceCents = Number(r.price_cents);
    }
    return view;
  }
}
