import type { EarlyTransaction } from '../command/early-transaction';
import type { Role } from './roles';

/** The authenticated caller, as the JWT strategy loads it from the database. */
export interface Actor {
  id: string;
  role: Role;
  email: string;
  name: string;
  publicBodyId: string | null;
  /** The session (refresh-token family) of the access token, when authenticated by one. */
  sessionId?: string;
}

/** Who issues a command and in which request: what the audit event records. */
export interface CommandContext {
  actor: Actor | null;
  requestId: string | null;
  /** The transaction opened when the request arrived (EarlyTransactionMiddleware), if any. */
  early?: EarlyTransaction;
}

export const SYSTEM_CONTEXT: CommandContext = { actor: null, requestId: null };
