import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { Page, PageQuery, pageOf, pageOffset } from '../../common/util/pagination';
import { SqlParams } from '../../common/util/sql-params';
import { effectiveStatusSql } from '../opportunity-visibility';
import type { OwnOpportunitiesQuery, WorkItemView } from './worklists.dto';

interface WorkRow {
  id: string;
  reference: string;
  title: { fr: string; en?: string | null };
  status: WorkItemView['status'];
  proposal_deadline: Date | null;
  updated_at: Date;
  acronym: string;
  total: string;
}

/**
 * The staff's own lists, beside the public search (which never lists drafts nor opportunities
 * under review, O13): a buyer's opportunities of their public body in every state, and the
 * admins' review queue. Neither touches proposals: nothing sealed is read.
 */
@Injectable()
export class WorklistsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The opportunities of the buyer's public body, most recently changed first. */
  ownOpportunities(actor: Actor, query: OwnOpportunitiesQuery): Promise<Page<WorkItemView>> {
    if (!actor.publicBodyId)
      throw DomainError.forbidden('Ce compte d’acheteur n’est rattaché à aucun organisme public.');
    const params = new SqlParams([actor.publicBodyId]);
    const where = [`o.public_body_id = $1`];
    if (query.status) where.push(`${effectiveStatusSql('o')} = ${params.add(query.status)}`);
    return this.page(where.join(' AND '), 'o.updated_at DESC, o.id', params, query);
  }

  /** Opportunities sent for review, the longest waiting first. */
  reviewQueue(query: PageQuery): Promise<Page<WorkItemView>> {
    return this.page(`o.status = 'UNDER_REVIEW'`, 'o.updated_at ASC, o.id', new SqlParams([]), query);
  }

  /** One statement: the count, and the page beside it (no row when the page is past the end). */
  private async page(where: string, order: string, params: SqlParams, query: PageQuery): Promise<Page<WorkItemView>> {
    const rows = await this.dataSource.query<WorkRow[]>(
      `SELECT t.total, p.*
         FROM (SELECT count(*) AS total FROM opportunity o WHERE ${where}) t
         LEFT JOIN LATERAL (
           SELECT o.id, o.reference, o.title, ${effectiveStatusSql('o')} AS status, o.proposal_deadline, o.updated_at,
                  b.acronym
             FROM opportunity o JOIN public_body b ON b.id = o.public_body_id
            WHERE ${where}
            ORDER BY ${order}
            LIMIT ${params.add(query.pageSize)} OFFSET ${params.add(pageOffset(query))}) p ON true`,
      params.values,
    );
    const items = rows.filter((r) => r.id !== null);
    return pageOf(
      items.map((r) => ({
        id: r.id,
        reference: r.reference,
        title: { fr: r.title.fr, en: r.title.en ?? null },
        status: r.status,
        proposalDeadline: r.proposal_deadline ? new Date(r.proposal_deadline).toISOString() : null,
        updatedAt: new Date(r.updated_at).toISOString(),
        publicBodyAcronym: r.acronym,
      })),
      query,
      Number(rows[0]?.total ?? 0),
    );
  }
}
