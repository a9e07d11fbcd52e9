import { readableAuditEvent } from './sealed-records';
import type { ReaderKind, SealedPhase } from './sealed-bids';

/** Who bid, in the audit log (domain.md §5.1): a tendered proposal's events name their vendor only where the table gives its content. */
describe('vendor identity in a tendered proposal’s audit events', () => {
  const event = {
    action: 'proposals.submit',
    entityType: 'proposal',
    actorId: 'a1b2c3d4-0000-4000-8000-000000000001',
    data: { proposalId: 'p', opportunityId: 'o', vendorId: 'v', status: 'SUBMITTED' },
  };
  it.each<[ReaderKind, SealedPhase, boolean]>([
    ['admin', 'afterDeadline', false],
    ['admin', 'afterLock', false],
    ['admin', 'afterAward', true],
    ['auditor', 'afterDeadline', true],
    ['owningBuyer', 'afterLock', false],
    ['owningBuyer', 'afterAward', true],
    ['own', 'afterDeadline', true],
  ])('%s %s: vendor named %s', (reader, phase, named) => {
    const read = readableAuditEvent(reader, event, { phase, proposalStatus: 'UNDER_EVALUATION' });
    expect([read.actorId !== null, 'vendorId' in read.data]).toEqual([named, named]);
    if (!named) expect((read.data as Record<string, unknown>).sealed).toEqual(['vendorId']);
  });

  it('never names the author of a draft that was never tendered, even after the award', () => {
    const read = readableAuditEvent('admin', event, { phase: 'afterAward', proposalStatus: 'DRAFT' });
    expect([read.actorId, 'vendorId' in read.data]).toEqual([null, false]);
  });
});
