/**
 * The sealed-bid table of domain.md §5.1, once, as data. Every route, list, count, search,
 * export and audit read that touches proposals asks this table (through AccessService,
 * which turns it into SQL); nothing else decides who reads a proposal.
 *
 * Pure: no Nest import, no I/O.
 */

/** Who reads, relative to one proposal (or one opportunity, for counts). */
export const READER_KINDS = ['own', 'other', 'committee', 'owningBuyer', 'auditor', 'admin'] as const;
export type ReaderKind = (typeof READER_KINDS)[number];

/** Where the proposal's opportunity stands. */
export const SEALED_PHASES = ['beforeDeadline', 'afterDeadline', 'afterLock', 'afterAward'] as const;
export type SealedPhase = (typeof SEALED_PHASES)[number];

export interface ProposalAccess {
  /** The proposal exists for this reader (otherwise: 404, as if absent, on every route). */
  exists: boolean;
  /** Responses, attestations, attachments. */
  content: boolean;
  /** The price envelope (and the receipt hash, from which a price could be brute-forced). */
  price: boolean;
  /** The number of proposals of the opportunity. */
  count: boolean;
}

const NOTHING: ProposalAccess = { exists: false, content: false, price: false, count: false };
const COUNT_ONLY: ProposalAccess = { exists: false, content: false, price: false, count: true };
const NO_PRICE: ProposalAccess = { exists: true, content: true, price: false, count: true };
const EVERYTHING: ProposalAccess = { exists: true, content: true, price: true, count: true };
/** The vendor's own organization before the deadline: all of its proposal, but no count. */
const OWN_SEALED: ProposalAccess = { exists: true, content: true, price: true, count: false };

/**
 * domain.md §5.1, row by row. After award, "other vendors, public" learn the winner's name and
 * the contract amount (award summary, not proposals) and keep the count.
 */
export const SEALED_BID_TABLE: Readonly<Record<ReaderKind, Readonly<Record<SealedPhase, ProposalAccess>>>> = {
  own: { beforeDeadline: OWN_SEALED, afterDeadline: EVERYTHING, afterLock: EVERYTHING, afterAward: EVERYTHING },
  other: { beforeDeadline: NOTHING, afterDeadline: COUNT_ONLY, afterLock: COUNT_ONLY, afterAward: COUNT_ONLY },
  committee: { beforeDeadline: NOTHING, afterDeadline: NO_PRICE, afterLock: EVERYTHING, afterAward: EVERYTHING },
  owningBuyer: { beforeDeadline: NOTHING, afterDeadline: COUNT_ONLY, afterLock: COUNT_ONLY, afterAward: EVERYTHING },
  auditor: { beforeDeadline: NOTHING, afterDeadline: NO_PRICE, afterLock: EVERYTHING, afterAward: EVERYTHING },
  admin: { beforeDeadline: NOTHING, afterDeadline: COUNT_ONLY, afterLock: COUNT_ONLY, afterAward: EVERYTHING },
};

/** Statuses of a proposal that was tendered and not withdrawn: what others may ever see or count. */
export const TENDERED_STATUSES = [
  'SUBMITTED',
  'UNDER_EVALUATION',
  'NOT_ACCEPTABLE',
  'DISQUALIFIED',
  'QUALIFIED',
  'AWARDED',
  'NOT_AWARDED',
] as const;

/**
 * What `reader` may read of a proposal in `status` during `phase`. Drafts and withdrawn
 * proposals exist for their own organization only, at every phase.
 */
export function proposalAccess(reader: ReaderKind, phase: SealedPhase, status?: string): ProposalAccess {
  if (status !== undefined && reader !== 'own' && !(TENDERED_STATUSES as readonly string[]).includes(status)) {
    return { ...SEALED_BID_TABLE[reader][phase], exists: false, content: false, price: false };
  }
  return SEALED_BID_TABLE[reader][phase];
}

/** The (reader, phase) cells where `part` is allowed, e.g. to build an SQL `IN (VALUES …)`. */
export function cellsAllowing(part: keyof ProposalAccess): Array<[ReaderKind, SealedPhase]> {
  return READER_KINDS.flatMap((r) =>
    SEALED_PHASES.filter((p) => SEALED_BID_TABLE[r][p][part]).map((p): [ReaderKind, SealedPhase] => [r, p]),
  );
}
