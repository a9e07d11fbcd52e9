import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import type { Actor } from '../common/auth/actor';
import { Page, pageOf, pageOffset, PageQuery } from '../common/util/pagination';
import { PublicBody } from '../organizations/entities/public-body.entity';
import {
  AwardNoticeView,
  InvitedVendorView,
  OpportunityView,
  QuestionView,
  toOpportunityView,
  toQuestionView,
} from './dto/opportunity.view';
import { OpportunityAddendum } from './entities/opportunity-addendum.entity';
import { OpportunityCriterion } from './entities/opportunity-criterion.entity';
import { OpportunityQuestion } from './entities/opportunity-question.entity';
import { findVisibleOpportunity, isStaffReader } from './opportunity-locks';

/**
 * Reads of one opportunity. Visibility and the effective status come from the shared SQL of
 * opportunity-visibility.ts: whoever may not see an opportunity gets 404, and a PUBLISHED
 * opportunity past its deadline reads EVALUATION before any job has run.
 *
 * `proposalCount` (shown once closed, domain.md §5.1) comes from the access service's
 * sealed-bid counter: absent whenever the reader may not know it.
 */
@Injectable()
export class OpportunityReadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  get(actor: Actor | undefined, id: string): Promise<OpportunityView> {
    return this.view(this.dataSource.manager, actor ?? null, id);
  }

  /** The full view, as `actor` may read it (also used by commands, inside their transaction). */
  async view(em: EntityManager, actor: Actor | null, id: string): Promise<OpportunityView> {
    const { opportunity, status } = await findVisibleOpportunity(em, actor, id);
    const publicBody = await em.getRepository(PublicBody).findOneByOrFail({ id: opportunity.publicBodyId });
    const criteria = await em
      .getRepository(OpportunityCriterion)
      .find({ where: { opportunityId: id }, order: { position: 'ASC' } });
    const addenda = await em
      .getRepository(OpportunityAddendum)
      .find({ where: { opportunityId: id }, order: { number: 'ASC' } });
    const questions = await em
      .getRepository(OpportunityQuestion)
      .createQueryBuilder('q')
      .where('q.opportunityId = :id AND q.answer IS NOT NULL', { id })
      .orderBy('q.answeredAt', 'ASC')
      .addOrderBy('q.id', 'ASC')
      .getMany();
    const staff = isStaffReader(actor, opportunity) ? { invitedVendors: await this.invitedVendors(em, id) } : undefined;
    const award = status === 'AWARDED' ? await this.awardNotice(em, id) : null;
    const view = toOpportunityView({ opportunity, status, publicBody, criteria, addenda, questions, staff, award });
    const proposalCount = await this.access.proposalCount(em, actor, id);
    if (proposalCount !== null) view.proposalCount = proposalCount;
    return view;
  }

  /**
   * Questions of a visible opportunity: answered ones for everyone; owning buyers, admins
   * and auditors also see unanswered ones, and a vendor sees its own. Never the asker.
   */
  async questions(actor: Actor | undefined, id: string, query: PageQuery): Promise<Page<QuestionView>> {
    const em = this.dataSource.manager;
    const { opportunity } = await findVisibleOpportunity(em, actor, id);
    const qb = em.getRepository(OpportunityQuestion).createQueryBuilder('q').where('q.opportunityId = :id', { id });
    if (!isStaffReader(actor, opportunity)) {
      qb.andWhere('(q.answer IS NOT NULL OR q.askedById = :me)', { me: actor?.id ?? null });
    }
    const [items, total] = await qb
      .orderBy('q.askedAt', 'ASC')
      .addOrderBy('q.id', 'ASC')
      .offset(pageOffset(query))
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(items.map(toQuestionView), query, total);
  }

  /** The winner's name and the contract amount: public once the opportunity is awarded (§5.1). */
  private async awardNotice(em: EntityManager, opportunityId: string): Promise<AwardNoticeView | null> {
    const [row] = await em.query<
      { supplier_id: string; legal_name: string; reference: string; initial_amount_cents: number; awarded_at: Date }[]
    >(
      `SELECT c.supplier_id, v.legal_name, c.reference, c.initial_amount_cents, c.awarded_at
         FROM contract c JOIN vendor_organization v ON v.id = c.supplier_id WHERE c.opportunity_id = $1`,
      [opportunityId],
    );
    if (!row) return null;
    return {
      vendorId: row.supplier_id,
      vendorName: row.legal_name,
      contractReference: row.reference,
      contractAmountCents: Number(row.initial_amount_cents),
      awardedAt: new Date(row.awarded_at).toISOString(),
    };
  }

  async invitedVendors(em: EntityManager, opportunityId: string): Promise<InvitedVendorView[]> {
    const rows = await em.query<{ vendor_id: string; legal_name: string; invited_at: Date }[]>(
      `SELECT i.vendor_id, v.legal_name, i.invited_at FROM opportunity_invitation i
         JOIN vendor_organization v ON v.id = i.vendor_id
        WHERE i.opportunity_id = $1 ORDER BY v.legal_name, i.vendor_id`,
      [opportunityId],
    );
    return rows.map((r) => ({
      vendorId: r.vendor_id,
      legalName: r.legal_name,
      invitedAt: new Date(r.invited_at).toISOString(),
    }));
  }
}
