/**
 * "Who may see an opportunity" (domain.md O13, P7), once, as SQL over any expression of the
 * reader: the caller's own parameters (visibilitySql, for one actor) or the columns of
 * `app_user` (the recipients of e-mails about an opportunity, set-based). An e-mail never tells
 * someone about an opportunity they may not read, by the same rule as the reads.
 *
 * Admins see everything; the owning body's buyers see their drafts; once published, everyone
 * sees a public-mode opportunity, while an invitation-mode one is seen by staff (admins,
 * auditors), buyers, members of invited organizations and the committee's members.
 */
export interface ReaderExpressions {
  /** SQL expressions of the reader's id (uuid), role (text) and public body (uuid or null). */
  id: string;
  role: string;
  publicBodyId: string;
}

export function readableOpportunitySql(o: string, who: ReaderExpressions): string {
  const published = `${o}.published_at IS NOT NULL`;
  const ownBody = `(${o}.public_body_id = ${who.publicBodyId})`;
  const invited = `EXISTS (SELECT 1 FROM opportunity_invitation i JOIN vendor_membership m ON m.vendor_id = i.vendor_id
                            WHERE i.opportunity_id = ${o}.id AND m.user_id = ${who.id})`;
  const committee = `EXISTS (SELECT 1 FROM committee_member cm WHERE cm.opportunity_id = ${o}.id AND cm.user_id = ${who.id})`;
  const isBuyer = `${who.role} = 'buyer'`;
  return `(${who.role} = 'admin'
           OR (${isBuyer} AND ${ownBody})
           OR (${published} AND (${o}.procurement_mode = 'public' OR ${who.role} IN ('admin', 'auditor', 'buyer')
                                OR ${invited} OR ${committee})))`;
}
