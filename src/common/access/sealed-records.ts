/**
 * The sealed-bid table of domain.md §5.1 applied to records about an opportunity that are not
 * proposals: audit event data and e-mail recipients. Pure: no Nest import, no I/O; the
 * queries are in record-access.ts (audit events) and AccessService.readableNotificationsSql (e-mails).
 */
import { proposalAccess, ProposalAccess, ReaderKind, SealedPhase, TENDERED_STATUSES } from './sealed-bids';

/**
 * The keys of an audit event's `data` that carry sealed values, by action, with the part of
 * the table they belong to: scores, Q, acceptability, ranks and the draw are the proposals'
 * content ("everything" of §5.1), and so are a declaration's conflicts; the number of e-mails of an addendum, an answer or a
 * cancellation counts the vendors that hold a proposal, a count.
 */
export const SEALED_AUDIT_DATA: Readonly<
  Record<string, ReadonlyArray<{ part: keyof ProposalAccess; keys: string[] }>>
> = {
  'proposal.scores.submit': [{ part: 'content', keys: ['scores'] }],
  'proposal.consensus': [{ part: 'content', keys: ['qualityScore', 'scores'] }],
  'proposal.disqualify': [{ part: 'content', keys: ['reason', 'neq', 'ineligibleEntryId'] }],
  'evaluation.lock': [{ part: 'content', keys: ['proposals', 'tieAtFirst', 'tiedProposalIds'] }],
  'evaluation.draw': [{ part: 'content', keys: ['seed', 'candidates', 'winnerProposalId', 'digest', 'winnerIndex'] }],
  'proposals.qualified': [{ part: 'content', keys: ['proposalIds', 'count'] }],
  'proposals.not-acceptable': [{ part: 'content', keys: ['proposalIds', 'count'] }],
  // Who a member declared a conflict with, and whether that recused them at signing: with the
  // committee's `recused` flags they tell which vendors bid, the proposals' content (§5.1, §6).
  'committee.declaration.sign': [{ part: 'content', keys: ['conflictVendorIds', 'recused'] }],
  'opportunities.addendum': [{ part: 'count', keys: ['notified'] }],
  'opportunities.questions.answer': [{ part: 'count', keys: ['notified'] }],
  'opportunities.cancel': [{ part: 'count', keys: ['notified'] }],
};

/** Keys naming who wrote a proposal: kept out of the events of proposals never tendered (drafts). */
const VENDOR_IDENTITY_KEYS = ['vendorId', 'vendorName', 'authorId'];

/**
 * E-mails whose recipients include the members of every vendor holding a proposal (drafts
 * too): their list, and their number, is a count of bidders (domain.md §5.1).
 */
export const BIDDER_REVEALING_TEMPLATES = ['opportunity-addendum', 'opportunity-answer', 'opportunity-cancelled'];

/** Where an audit event stands: its opportunity's phase, and the status of the proposal it is about. */
export interface AuditReadContext {
  /** null when the event's opportunity is unknown (fail closed: every sealed key is removed). */
  phase: SealedPhase | null;
  /** The proposal's status when the event is about a proposal. */
  proposalStatus?: string;
}

export interface ReadableAuditEvent {
  action: string;
  entityType: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/**
 * The event as `reader` may read it: sealed keys removed (and named in `data.sealed`) where
 * the table does not give the reader that part at the opportunity's phase; the author of a
 * proposal never tendered removed (actor and vendor keys), drafts being invisible to all but
 * their organization.
 */
export function readableAuditEvent<E extends ReadableAuditEvent>(
  reader: ReaderKind,
  event: E,
  context: AuditReadContext,
): E {
  const sealed: string[] = [];
  for (const rule of SEALED_AUDIT_DATA[event.action] ?? []) {
    const allowed = context.phase !== null && proposalAccess(reader, context.phase)[rule.part];
    if (!allowed) sealed.push(...rule.keys.filter((k) => k in event.data));
  }
  const draft =
    event.entityType === 'proposal' &&
    !(TENDERED_STATUSES as readonly string[]).includes(context.proposalStatus ?? 'DRAFT');
  // Who bid is part of the proposals' content (§5.1): admins learn it at the award, auditors
  // after the deadline; until then a tendered proposal's events name neither vendor nor author.
  const anonymous =
    draft ||
    (event.entityType === 'proposal' && !(context.phase !== null && proposalAccess(reader, context.phase).content));
  if (anonymous) sealed.push(...VENDOR_IDENTITY_KEYS.filter((k) => k in event.data));
  if (sealed.length === 0 && !anonymous) return event;
  const data = Object.fromEntries(Object.entries(event.data).filter(([k]) => !sealed.includes(k)));
  return {
    ...event,
    actorId: anonymous ? null : event.actorId,
    data: sealed.length > 0 ? { ...data, sealed } : data,
  };
}

/** The two links of an event: its own hash and its predecessor's. */
export interface ChainedEvent {
  seq: string;
  hash: string | null;
  prevHash: string | null;
}

/**
 * An event's hash is SHA-256 over its whole stored content: shown beside an event whose sealed
 * keys or author were removed, it would let a reader confirm a guess (which vendor, which
 * member, which score) by recomputing it. So a hash is withheld (null) where the reader's
 * copy of that event is not the stored one — its own `hash`, and the `prevHash` of the event
 * after it; `unaltered(seq)` says whether the reader reads event `seq` whole (false when it is
 * hidden or redacted). `GET /audit/verify` and the CLI still check the whole chain.
 */
export function withholdSealedHashes<E extends ChainedEvent>(
  events: readonly E[],
  unaltered: (seq: string) => boolean,
): E[] {
  return events.map((e) => {
    const own = unaltered(e.seq);
    const previous = e.seq === '1' || unaltered(String(BigInt(e.seq) - 1n));
    return own && previous ? e : { ...e, hash: own ? e.hash : null, prevHash: previous ? e.prevHash : null };
  });
}
