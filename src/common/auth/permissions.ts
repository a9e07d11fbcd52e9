import type { Role } from './roles';

/**
 * Route-level permissions. Resource-level checks (owning public body, organization
 * membership, the sealed-bid table) live in the access service.
 */
export const PERMISSIONS = [
  'session:use',
  'users:create',
  'users:read',
  // Deactivate / reactivate accounts (admins).
  'users:manage',
  'public-bodies:create',
  'vendors:create',
  'vendors:read',
  'vendors:manage-members',
  'ineligible:manage',
  'ineligible:read',
  'audit:read',
  'notifications:read',
  'opportunities:create',
  'opportunities:manage',
  'opportunities:review',
  'opportunities:cancel',
  'opportunities:ask',
  'opportunities:subscribe',
  'proposals:read',
  'proposals:write',
  // Selection committees (domain.md §6): compose (owning buyers), read, sign one's declaration (members).
  'committee:manage',
  'committee:read',
  'committee:declare',
  // Evaluation (domain.md §6): individual scores (evaluators), consensus / lock / draw (the
  // secretary, an owning buyer), the ranking (committee, owning buyers, auditors, admins).
  'evaluation:score',
  'evaluation:manage',
  'evaluation:read',
  // Award (domain.md §7): award or conclude without award (owning buyers); contracts
  // (owning buyers, supplier members, auditors, admins; the resource check narrows).
  'award:manage',
  'contracts:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS = {
  admin: [
    'session:use',
    'users:create',
    'users:read',
    'users:manage',
    'public-bodies:create',
    'vendors:read',
    'ineligible:manage',
    'ineligible:read',
    'audit:read',
    'notifications:read',
    'opportunities:review',
    'opportunities:cancel',
    'committee:read',
    'evaluation:read',
    'contracts:read',
  ],
  buyer: [
    'session:use',
    'vendors:read',
    'ineligible:read',
    'opportunities:create',
    'opportunities:manage',
    'opportunities:cancel',
    'committee:manage',
    'committee:read',
    'committee:declare',
    'evaluation:score',
    'evaluation:manage',
    'evaluation:read',
    'award:manage',
    'contracts:read',
  ],
  vendor: [
    'session:use',
    'vendors:create',
    'vendors:read',
    'vendors:manage-members',
    'opportunities:ask',
    'opportunities:subscribe',
    'proposals:read',
    'proposals:write',
    'contracts:read',
  ],
  auditor: [
    'session:use',
    'users:read',
    'vendors:read',
    'ineligible:read',
    'audit:read',
    'notifications:read',
    'committee:read',
    'evaluation:read',
    'contracts:read',
  ],
  evaluator: ['session:use', 'committee:read', 'committee:declare', 'evaluation:score', 'evaluation:read'],
} as const satisfies Record<Role, readonly Permission[]>;

export function roleHas(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}
