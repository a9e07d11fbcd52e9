import { Injectable } from '@nestjs/common';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { DomainError } from '../../common/errors/domain-error';
import { lockVisibleOpportunity } from '../../opportunities/opportunity-locks';
import { submittingVendorIds, WITH_SUBMITTING_VENDOR_SQL } from './committee-queries';
import { DeclarationView, SignDeclarationDto } from './dto/committee.dto';

/**
 * The confidentiality and conflict-of-interest declaration of a committee member (domain.md
 * §6): signed once per opportunity, at database time. A conflict with a vendor organization
 * that submitted recuses the member; so does belonging to one (the composition rule, checked
 * again here: memberships may have changed since the appointment).
 */
@Injectable()
export class CommitteeDeclarationsService {
  constructor(private readonly commands: CommandRunner) {}

  sign(ctx: CommandContext, actor: Actor, id: string, dto: SignDeclarationDto): Promise<DeclarationView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      await lockVisibleOpportunity(em, actor, id);
      const [member] = await em.query<{ role: string; with_submitting_vendor: boolean }[]>(
        `SELECT cm.role, ${WITH_SUBMITTING_VENDOR_SQL('cm.opportunity_id', 'cm.user_id')} AS with_submitting_vendor
           FROM committee_member cm WHERE cm.opportunity_id = $1 AND cm.user_id = $2`,
        [id, actor.id],
      );
      if (!member)
        throw DomainError.forbidden(
          'Seuls les membres du comité de sélection signent une déclaration pour cette opportunité.',
        );
      const signed = await em.query<unknown[]>(
        `SELECT 1 FROM committee_declaration WHERE opportunity_id = $1 AND user_id = $2`,
        [id, actor.id],
      );
      if (signed.length > 0)
        throw new DomainError('CONFLICT', 'Vous avez déjà signé la déclaration pour cette opportunité.');

      const submitting = await submittingVendorIds(em, id);
      const conflicts = [...new Set(dto.conflictWithVendorIds)];
      const conflictWithSubmitting = conflicts.filter((v) => submitting.has(v));
      const recused = conflictWithSubmitting.length > 0 || member.with_submitting_vendor;
      const [row] = await em.query<{ signed_at: Date }[]>(
        `INSERT INTO committee_declaration (opportunity_id, user_id, confidentiality, conflict_vendor_ids, recused)
         VALUES ($1, $2, $3, $4::uuid[], $5) RETURNING signed_at`,
        [id, actor.id, dto.confidentiality, conflicts, recused],
      );
      scope.audit({
        action: 'committee.declaration.sign',
        entityType: 'opportunity',
        entityId: id,
        data: {
          userId: actor.id,
          role: member.role,
          conflictVendorIds: conflicts,
          recused,
          memberOfSubmittingVendor: member.with_submitting_vendor,
        },
      });
      return { signedAt: new Date(row.signed_at).toISOString(), recused };
    });
  }
}
