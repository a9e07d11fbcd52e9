import { EntityManager } from 'typeorm';
import { recusedSql } from '../../common/access/proposal-access.sql';
import type { CommitteeRole } from './entities/committee-member.entity';

export interface CommitteeRow {
  user_id: string;
  role: CommitteeRole;
  name: string;
  signed: boolean;
  /** Computed at every read (domain.md §6): never before the deadline. */
  recused: boolean;
}

/** The current members of the committee, with their declaration standing, secretary first. */
export async function committeeRows(em: EntityManager, opportunityId: string): Promise<CommitteeRow[]> {
  return em.query<CommitteeRow[]>(
    `SELECT cm.user_id, cm.role, u.name, (cd.user_id IS NOT NULL) AS signed,
            ${recusedSql('o', 'cm.user_id', 'cd')} AS recused
       FROM committee_member cm
       JOIN opportunity o ON o.id = cm.opportunity_id
       JOIN app_user u ON u.id = cm.user_id
       LEFT JOIN committee_declaration cd ON cd.opportunity_id = cm.opportunity_id AND cd.user_id = cm.user_id
      WHERE cm.opportunity_id = $1
      ORDER BY cm.role DESC, u.name, cm.user_id`,
    [opportunityId],
  );
}
