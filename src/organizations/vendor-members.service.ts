import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service';
import { normalizeEmail } from '../users/email-identity';
import { Actor, CommandContext } from '../common/auth/actor';
import { AccessService } from '../common/access/access.service';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { User } from '../users/entities/user.entity';
import {
  AddMemberDto,
  InvitationView,
  MemberRow,
  MemberView,
  MyInvitationView,
  toMemberView,
} from './dto/vendor-member.dto';
import { MemberRole, VendorMembership } from './entities/vendor-membership.entity';
import { VendorOrganization } from './entities/vendor-organization.entity';

/**
 * Membership of vendor organizations. Every change is made by an owner, with the
 * organization row locked (AccessService.requireVendorOwner with `lock`), so concurrent
 * changes take turns and the "at least one owner" count is always read fresh.
 */
/** How long an invitation may be accepted. */
const INVITATION_DAYS = 14;

@Injectable()
export class VendorMembersService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly notifications: NotificationsService,
    private readonly dataSource: DataSource,
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

  /**
   * Invites an address (README “Vendor members”): the answer and the e-mail are the same
   * whether or not an account has that address, so the route does not tell real accounts
   * from unknown ones. Only an address that is already a member is refused (the owner sees
   * the members anyway). A second invitation of the same address replaces the pending one.
   */
  async invite(ctx: CommandContext, actor: Actor, vendorId: string, dto: AddMemberDto): Promise<InvitationView> {
    const email = normalizeEmail(dto.email);
    return this.commands.run(ctx, async (scope) => {
      await this.access.requireVendorOwner(scope.em, actor, vendorId, { lock: true });
      const vendor = await scope.em.getRepository(VendorOrganization).findOneByOrFail({ id: vendorId });
      const [member] = await scope.em.query<{ user_id: string }[]>(
        `SELECT m.user_id FROM vendor_membership m JOIN app_user u ON u.id = m.user_id
          WHERE m.vendor_id = $1 AND u.email = $2`,
        [vendorId, email],
      );
      if (member) throw new DomainError('ALREADY_MEMBER', undefined, { userId: member.user_id });
      await scope.em.query(
        `DELETE FROM vendor_invitation WHERE vendor_id = $1 AND email = $2 AND accepted_at IS NULL`,
        [vendorId, email],
      );
      const [row] = await scope.em.query<{ id: string; expires_at: Date }[]>(
        `INSERT INTO vendor_invitation (vendor_id, email, role, invited_by_id, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(days => $5::int)) RETURNING id, expires_at`,
        [vendorId, email, dto.role, actor.id, INVITATION_DAYS],
      );
      const account = await scope.em.getRepository(User).findOneBy({ email });
      await this.notifications.queue(scope, {
        template: 'vendor-invitation',
        recipients: [{ userId: account?.id ?? null, email, language: account?.preferredLanguage ?? 'fr' }],
        entityType: 'vendor_organization',
        entityId: vendorId,
        data: { reference: vendor.neq, title: vendor.legalName, role: dto.role, url: '/invitations' },
        eventKey: `vendor-invitation:${row.id}`,
      });
      this.record(scope, 'vendors.members.invite', vendorId, { invitationId: row.id, role: dto.role });
      return {
        invitationId: row.id,
        vendorId,
        email,
        role: dto.role,
        status: 'pending',
        expiresAt: new Date(row.expires_at).toISOString(),
      };
    });
  }

  /** The pending invitations addressed to the caller's e-mail. */
  async myInvitations(actor: Actor): Promise<MyInvitationView[]> {
    const rows = await this.dataSource.query<
      { id: string; vendor_id: string; legal_name: string; role: string; expires_at: Date }[]
    >(
      `SELECT i.id, i.vendor_id, v.legal_name, i.role, i.expires_at
         FROM vendor_invitation i JOIN vendor_organization v ON v.id = i.vendor_id
        WHERE i.email = $1 AND i.accepted_at IS NULL AND i.expires_at > now()
        ORDER BY i.created_at`,
      [normalizeEmail(actor.email)],
    );
    return rows.map((r) => ({
      invitationId: r.id,
      vendorId: r.vendor_id,
      legalName: r.legal_name,
      role: r.role,
      expiresAt: new Date(r.expires_at).toISOString(),
    }));
  }

  /**
   * The invited account joins the organization. Any other caller, an expired or accepted
   * invitation, or an unknown id: 404 (nothing tells them apart).
   */
  accept(ctx: CommandContext, actor: Actor, invitationId: string): Promise<MemberView> {
    return this.commands.run(ctx, async (scope) => {
      const [invitation] = await scope.em.query<{ vendor_id: string; role: MemberRole }[]>(
        `SELECT vendor_id, role FROM vendor_invitation
          WHERE id = $1 AND email = $2 AND accepted_at IS NULL AND expires_at > now()
          FOR UPDATE`,
        [invitationId, normalizeEmail(actor.email)],
      );
      if (!invitation || actor.role !== 'vendor') throw DomainError.notFound('vendor_invitation');
      const vendorId = invitation.vendor_id;
      await scope.em.query(`SELECT id FROM vendor_organization WHERE id = $1 FOR UPDATE`, [vendorId]);
      const repo = scope.em.getRepository(VendorMembership);
      if (await repo.existsBy({ vendorId, userId: actor.id })) throw new DomainError('ALREADY_MEMBER');
      await repo.insert({ vendorId, userId: actor.id, role: invitation.role });
      await scope.em.query(`UPDATE vendor_invitation SET accepted_at = now() WHERE id = $1`, [invitationId]);
      this.record(scope, 'vendors.members.add', vendorId, { userId: actor.id, role: invitation.role, invitationId });
      return toMemberView({ user_id: actor.id, name: actor.name, email: actor.email, role: invitation.role });
    });
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
