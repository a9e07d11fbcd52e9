import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/util/canonical-json';
import { chainHash, ChainedFields, GENESIS_HASH } from './audit-chain';

const event: ChainedFields = {
  seq: 7,
  occurredAt: new Date('2026-02-03T04:05:06.789Z'),
  actorId: '2b0e6a5e-3a43-4b8e-9a6e-0b8e4a3f1c11',
  actorRole: 'buyer',
  action: 'opportunities.publish',
  entityType: 'opportunity',
  entityId: 'c1a4a1de-8d0f-4a57-9a54-9f9f7f0f2e01',
  data: { reference: 'EEC-2026-0001', amounts: [1, 2] },
  requestId: 'req-1',
};
const PREV = 'a'.repeat(64);

describe('chainHash', () => {
  it('is SHA-256 of prevHash followed by the canonical JSON of the event, in hex', () => {
    const body = canonicalJson({ ...event, occurredAt: '2026-02-03T04:05:06.789Z' });
    expect(chainHash(PREV, event)).toBe(
      createHash('sha256')
        .update(PREV + body)
        .digest('hex'),
    );
    expect(chainHash(PREV, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('recomputes to the same value, whatever the key order of the event and its data', () => {
    const reordered: ChainedFields = {
      requestId: event.requestId,
      data: { amounts: [1, 2], reference: 'EEC-2026-0001' },
      entityId: event.entityId,
      entityType: event.entityType,
      action: event.action,
      actorRole: event.actorRole,
      actorId: event.actorId,
      occurredAt: new Date(event.occurredAt.getTime()),
      seq: event.seq,
    };
    expect(chainHash(PREV, reordered)).toBe(chainHash(PREV, event));
  });

  it.each<[string, Partial<ChainedFields>]>([
    ['seq', { seq: 8 }],
    ['occurredAt (one millisecond)', { occurredAt: new Date('2026-02-03T04:05:06.790Z') }],
    ['actorId', { actorId: '2b0e6a5e-3a43-4b8e-9a6e-0b8e4a3f1c12' }],
    ['actorId → null', { actorId: null }],
    ['actorRole', { actorRole: 'admin' }],
    ['action', { action: 'opportunities.cancel' }],
    ['entityType', { entityType: 'contract' }],
    ['entityId', { entityId: null }],
    ['data (a value)', { data: { reference: 'EEC-2026-0002', amounts: [1, 2] } }],
    ['data (array order)', { data: { reference: 'EEC-2026-0001', amounts: [2, 1] } }],
    ['data (an added key)', { data: { reference: 'EEC-2026-0001', amounts: [1, 2], extra: true } }],
    ['requestId', { requestId: 'req-2' }],
  ])('changes when %s changes', (_field, change) => {
    expect(chainHash(PREV, { ...event, ...change })).not.toBe(chainHash(PREV, event));
  });

  it('changes with the previous hash, so events are linked', () => {
    expect(chainHash(GENESIS_HASH, event)).not.toBe(chainHash(PREV, event));
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
});
