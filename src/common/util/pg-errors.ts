/** True when a PostgreSQL error is a unique violation (23505), optionally of one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e =
    (error as { driverError?: { code?: string; constraint?: string } })?.driverError ??
    (error as { code?: string; constraint?: string });
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}
