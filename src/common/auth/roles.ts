export const ROLES = ['admin', 'buyer', 'vendor', 'auditor', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles only an admin may create (vendors register themselves). */
export const ADMIN_CREATED_ROLES = ['buyer', 'auditor', 'admin', 'evaluator'] as const;
export type AdminCreatedRole = (typeof ADMIN_CREATED_ROLES)[number];
