import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CommandContext } from '../common/auth/actor';
import { AccessService } from '../common/access/access.service';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/util/pg-errors';
import { User } from '../users/entities/user.entity';
import { AddMemberDto, MemberRow, MemberView, toMemberView } from './dto/vendor-member.dto';
import { MemberRole, VendorMembership } from './entities/vendor-membership.entity';

/**
 * Membership of vendor organizations. Every change is made by an owner, with the
 * organization row locked (AccessService.requireVendorOwner with `lock`), so concurrent
 * changes take turns and the "at least one owner" count is always read fresh.
 */
@Injectable()
export class VendorMembersService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
  ) {}

  async listMembers(em: EntityManager, vendorId: string): Promise<MemberView[]> {
    const rows = await em.query<MemberRow[]>(
      `SELECT m.user_id, u.name, u.email, m.role
         FROM vendor_membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.vendor_id = $1
        ORDER BY m.created_at, u.email`,
      [vendorId],
    );
    return rows.map(toMemberView);
  }

  /** Adds an existing, active vendor account to the organization. */
  async add(ctx: CommandContext, actor: Actor, vendorId: string, dto: AddMemberDto): Promise<MemberView> {
    try {
      return await this.commands.run(ctx, async (scope) => {
        await this.access.requireVendorOwner(scope.em, actor, vendorId, { lock: true });
        const user = await scope.em.getRepository(User).findOneBy({ email: dto.email });
        // Buyers, staff and deactivated accounts cannot join a vendor organization.
        if (!user || user.role !== 'vendor' || !user.active)
          throw new DomainError('UNKNOWN_ACCOUNT', undefined, { email: dto.email });
        const repo = scope.em.getRepository(VendorMembership);
        if (await repo.existsBy({ vendorId, userId: user.id }))
          throw new DomainError('ALREADY_MEMBER', undefined, { userId: user.id });
        await repo.insert({ vendorId, userId: user.id, role: dto.role });
        this.record(scope, 'vendors.members.add', vendorId, { userId: user.id, role: dto.role });
        return toMemberView({ user_id: user.id, name: user.name, email: user.email, role: dto.role });
      });
    } catch (e) {
      if (isUniqueViolation(e, 'pk_vendor_membership')) throw new DomainError('ALREADY_MEMBER');
      throw e;
    }
  }

  /** Changes a member's role; demoting the last owner is refused (LAST_OWNER). */
  changeRole(
    ctx: CommandContext,
    actor: Actor,
    vendorId: string,
    userId: string,
    role: MemberRole,
  ): Promise<MemberView> {
    return this.commands.run(ctx, async (scope) => {
      await this.access.requireVendorOwner(scope.em, actor, vendorId, { lock: true });
      const target = await this.findMember(scope.em, vendorId, userId);
      if (target.role === 'owner' && role !== 'owner') await this.assertAnotherOwner(scope.em, vendorId);
      if (target.role !== role) await scope.em.getRepository(VendorMembership).update({ vendorId, userId }, { role });
      this.record(scope, 'vendors.members.change-role', vendorId, { userId, from: target.role, to: role });
      return toMemberView({ ...target, role });
    });
  }

  /** Removes a member (an owner may remove themselves while another owner remains). */
  remove(ctx: CommandContext, actor: Actor, vendorId: string, userId: string): Promise<void> {
    return this.commands.run(ctx, async (scope) => {
      await this.access.requireVendorOwner(scope.em, actor, vendorId, { lock: true });
      const target = await this.findMember(scope.em, vendorId, userId);
      if (target.role === 'owner') await this.assertAnotherOwner(scope.em, vendorId);
      await scope.em.getRepository(VendorMembership).delete({ vendorId, userId });
      this.record(scope, 'vendors.members.remove', vendorId, { userId, role: target.role });
    });
  }

  private async findMember(em: EntityManager, vendorId: string, userId: string): Promise<MemberRow> {
    const [row] = await em.query<MemberRow[]>(
      `SELECT m.user_id, u.name, u.email, m.role
         FROM vendor_membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.vendor_id = $1 AND m.user_id = $2`,
      [vendorId, userId],
    );
    if (!row) throw DomainError.notFound('vendor_membership');
    return row;
  }

  /** Called with the organization row locked, so the count cannot change underneath. */
  private async assertAnotherOwner(em: EntityManager, vendorId: string): Promise<void> {
    const owners = await em.getRepository(VendorMembership).countBy({ vendorId, role: 'owner' });
    if (owners <= 1) throw new DomainError('LAST_OWNER');
  }

  private record(scope: CommandScope, action: string, vendorId: string, data: Record<string, unknown>): void {
    scope.audit({ action, entityType: 'vendor_organization', entityId: vendorId, data });
  }
}
