/**
 * Resource-level access (style.md, "Access control in two layers"). The route guard has
 * already checked the caller's role against ROLE_PERMISSIONS; this service answers "may
 * this actor act on these resources?" with set-based SQL, and answers NOT_FOUND both when a
 * resource is absent and when it is not the caller's, so that ids reveal nothing.
 *
 * The sealed-bid table of domain.md §5.1 (who reads which part of a proposal, before the
 * deadline, after the quality lock, after award) will be implemented here, once, and used
 * by every route, list, count and export that touches proposals.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { Role } from '../auth/roles';
import { DomainError } from '../errors/domain-error';
import type { MemberRole } from '../../organizations/entities/vendor-membership.entity';

/** Roles that read every vendor organization (staff oversight). */
const VENDOR_READERS: readonly Role[] = ['admin', 'auditor'];

export interface LockOption {
  /**
   * Lock the organization row (SELECT … FOR UPDATE) before reading the caller's role, so
   * that membership writes on one organization take turns and see each other's effects.
   */
  lock?: boolean;
}

@Injectable()
export class AccessService {
  /** The actor's role in each of the given vendor organizations (absent: not a member). */
  async vendorRoles(em: EntityManager, actor: Actor, vendorIds: readonly string[]): Promise<Map<string, MemberRole>> {
    if (vendorIds.length === 0) return new Map();
    const rows = await em.query<{ vendor_id: string; role: MemberRole }[]>(
      `SELECT vendor_id, role FROM vendor_membership WHERE user_id = $1 AND vendor_id = ANY($2::uuid[])`,
      [actor.id, [...vendorIds]],
    );
    return new Map(rows.map((r) => [r.vendor_id, r.role]));
  }

  /** The subset of vendorIds that exist and that the actor may read. */
  async readableVendorIds(em: EntityManager, actor: Actor, vendorIds: readonly string[]): Promise<Set<string>> {
    if (vendorIds.length === 0) return new Set();
    const rows = await em.query<{ id: string }[]>(
      `SELECT v.id FROM vendor_organization v
        WHERE v.id = ANY($1::uuid[])
          AND ($2 = ANY($3::text[])
               OR EXISTS (SELECT 1 FROM vendor_membership m WHERE m.vendor_id = v.id AND m.user_id = $4))`,
      [[...vendorIds], actor.role, [...VENDOR_READERS], actor.id],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Members of the organization, admins and auditors read it; nobody else learns it exists. */
  async canReadVendor(em: EntityManager, actor: Actor, vendorId: string): Promise<boolean> {
    return (await this.readableVendorIds(em, actor, [vendorId])).has(vendorId);
  }

  /** Any member (owner or member) of the organization; otherwise NOT_FOUND. */
  async requireVendorMember(em: EntityManager, actor: Actor, vendorId: string, options: LockOption = {}): Promise<MemberRole> {
    let role = (await this.vendorRoles(em, actor, [vendorId])).get(vendorId);
    if (!role) throw DomainError.notFound('vendor_organization');
    if (options.lock) {
      await em.query(`SELECT id FROM vendor_organization WHERE id = $1 FOR UPDATE`, [vendorId]);
      // Read again under the lock: a concurrent command may have changed the caller's role.
      role = (await this.vendorRoles(em, actor, [vendorId])).get(vendorId);
      if (!role) throw DomainError.notFound('vendor_organization');
    }
    return role;
  }

  /** An owner of the organization: a plain member gets FORBIDDEN, anyone else NOT_FOUND. */
  async requireVendorOwner(em: EntityManager, actor: Actor, vendorId: string, options: LockOption = {}): Promise<void> {
    const role = await this.requireVendorMember(em, actor, vendorId, options);
    if (role !== 'owner') {
      throw DomainError.forbidden('Seuls les propriétaires de l’organisation peuvent gérer ses membres.');
    }
  }
}
