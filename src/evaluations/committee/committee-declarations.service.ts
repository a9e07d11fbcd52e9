import { Injectable } from '@nestjs/common';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { DomainError } from '../../common/errors/domain-error';
import { EvaluationLock } from '../evaluation-lock';
import { committeeRows } from './committee-queries';
import { DeclarationView, SignDeclarationDto } from './dto/committee.dto';

/**
 * The confidentiality and conflict-of-interest declaration of a committee member (domain.md
 * §6): signed once per opportunity, at database time, with the vendors the member declares a
 * conflict with. Whether it recuses them is not decided here: it is computed at every read
 * (recusedSql), from the declared conflicts and the vendors that bid, once the deadline has
 * passed. So before the deadline the answer (`recused: false`) and the audit event say nothing
 * of who has bid, and a conflict declared before the vendor submitted still recuses.
 */
@Injectable()
export class CommitteeDeclarationsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly evaluation: EvaluationLock,
  ) {}

  sign(ctx: CommandContext, actor: Actor, id: string, dto: SignDeclarationDto): Promise<DeclarationView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      await this.evaluation.lockForEvaluation(scope, actor, id);
      const [member] = await em.query<{ role: string }[]>(
        `SELECT cm.role FROM committee_member cm WHERE cm.opportunity_id = $1 AND cm.user_id = $2`,
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

      const conflicts = [...new Set(dto.conflictWithVendorIds.map((v) => v.toLowerCase()))];
      const [row] = await em.query<{ signed_at: Date }[]>(
        `INSERT INTO committee_declaration (opportunity_id, user_id, confidentiality, conflict_vendor_ids)
         VALUES ($1, $2, $3, $4::uuid[]) RETURNING signed_at`,
        [id, actor.id, dto.confidentiality, conflicts],
      );
      // Always false before the deadline, whoever has bid (§5.1).
      const recused = (await committeeRows(em, id)).find((r) => r.user_id === actor.id)?.recused ?? false;
      scope.audit({
        action: 'committee.declaration.sign',
        entityType: 'opportunity',
        entityId: id,
        data: { userId: actor.id, role: member.role, conflictVendorIds: conflicts, recused },
      });
      return { signedAt: new Date(row.signed_at).toISOString(), recused };
    });
  }
}
