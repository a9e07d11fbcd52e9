import { EntityManager } from 'typeorm';
import { countedProposalsSql } from '../../common/access/proposal-access.sql';
import type { CommitteeRole } from './entities/committee-member.entity';

/** The vendor organizations with a tendered (not draft, not withdrawn) proposal on the opportunity. */
export async function submittingVendorIds(em: EntityManager, opportunityId: string): Promise<Set<string>> {
  const rows = await em.query<{ vendor_id: string }[]>(
    `SELECT DISTINCT p.vendor_id FROM proposal p WHERE p.opportunity_id = $1 AND ${countedProposalsSql('p')}`,
    [opportunityId],
  );
  return new Set(rows.map((r) => r.vendor_id));
}

/** The user is a member of a vendor organization with a tendered proposal on the opportunity. */
export const WITH_SUBMITTING_VENDOR_SQL = (opportunity: string, user: string) => `EXISTS (
  SELECT 1 FROM proposal p JOIN vendor_membership m ON m.vendor_id = p.vendor_id
   WHERE p.opportunity_id = ${opportunity} AND ${countedProposalsSql('p')} AND m.user_id = ${user})`;

export interface CommitteeRow {
  user_id: string;
  role: CommitteeRole;
  name: string;
  signed: boolean;
  recused: boolean;
}

/** The current members of the committee, with their declaration standing, secretary first. */
export async function committeeRows(em: EntityManager, opportunityId: string): Promise<CommitteeRow[]> {
  return em.query<CommitteeRow[]>(
    `SELECT cm.user_id, cm.role, u.name, (cd.user_id IS NOT NULL) AS signed, coalesce(cd.recused, false) AS recused
       FROM committee_member cm
       JOIN app_user u ON u.id = cm.user_id
       LEFT JOIN committee_declaration cd ON cd.opportunity_id = cm.opportunity_id AND cd.user_id = cm.user_id
      WHERE cm.opportunity_id = $1
      ORDER BY cm.role DESC, u.name, cm.user_id`,
    [opportunityId],
  );
}
