import { createHash } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error';
import type { OpportunityStatus } from '../opportunities/entities/opportunity.entity';
import { PROPOSAL_STATUSES, ProposalAttestations, ProposalStatus } from './entities/proposal.entity';
import {
  allowedContentType,
  assertAttestations,
  assertComplete,
  assertKnownCriteria,
  assertPrice,
  assertTransition,
  canTransition,
  isOpen,
  isValidPrice,
  missingAttestations,
  PROPOSAL_TRANSITIONS,
  receiptHash,
  responseProblems,
} from './proposals.rules';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('proposals.rules', () => {
  const deadline = new Date('2027-01-20T19:00:00.000Z');
  it.each<[OpportunityStatus, Date | null, string, boolean]>([
    ['PUBLISHED', deadline, '2027-01-20T18:59:59.999Z', true],
    ['PUBLISHED', deadline, '2027-01-20T19:00:00.000Z', false],
    ['PUBLISHED', deadline, '2027-01-20T19:00:00.001Z', false],
    ['PUBLISHED', null, '2027-01-01T00:00:00.000Z', false],
    ['CANCELLED', deadline, '2027-01-01T00:00:00.000Z', false],
    ['EVALUATION', deadline, '2027-01-01T00:00:00.000Z', false],
    ['DRAFT', deadline, '2027-01-01T00:00:00.000Z', false],
  ])('P2 isOpen(%s, %s, %s) = %s', (status, d, now, expected) => {
    expect(isOpen(status, d, new Date(now))).toBe(expected);
  });

  it.each<[number | null, number, string | undefined]>([
    [1, 100, undefined],
    [100, 100, undefined],
    [101, 100, 'INVALID_PRICE'],
    [0, 100, 'INVALID_PRICE'],
    [-5, 100, 'INVALID_PRICE'],
    [1.5, 100, 'INVALID_PRICE'],
    [null, 100, 'INVALID_PRICE'],
  ])('P3 price %s with estimated value %s → %s', (price, value, code) => {
    expect(codeOf(() => assertPrice(price, value))).toBe(code);
    if (price !== null) expect(isValidPrice(price, value)).toBe(code === undefined);
  });

  const ok: ProposalAttestations = { acceptTerms: true, acceptLicense: true, conflictOfInterest: { declared: false } };
  it.each<[string, ProposalAttestations | null, string[]]>([
    ['complete, nothing declared', ok, []],
    [
      'complete, declared with description',
      { ...ok, conflictOfInterest: { declared: true, description: 'Ancien employé' } },
      [],
    ],
    [
      'declared without description',
      { ...ok, conflictOfInterest: { declared: true, description: '  ' } },
      ['conflictOfInterest.description'],
    ],
    ['terms not accepted', { ...ok, acceptTerms: false }, ['acceptTerms']],
    ['licence not accepted', { ...ok, acceptLicense: false }, ['acceptLicense']],
    ['no statement', { ...ok, conflictOfInterest: null }, ['conflictOfInterest']],
    ['nothing', null, ['acceptTerms', 'acceptLicense', 'conflictOfInterest']],
  ])('P5 attestations: %s', (_what, attestations, missing) => {
    expect(missingAttestations(attestations)).toEqual(missing);
    expect(codeOf(() => assertAttestations(attestations))).toBe(missing.length ? 'ATTESTATION_REQUIRED' : undefined);
  });

  const criteria = ['c1', 'c2'];
  it.each<[string, { criterionId: string; text: string }[], string[], string[]]>([
    [
      'all answered',
      [
        { criterionId: 'c1', text: 'a' },
        { criterionId: 'c2', text: 'b' },
      ],
      [],
      [],
    ],
    ['one missing', [{ criterionId: 'c1', text: 'a' }], ['c2'], []],
    [
      'one blank',
      [
        { criterionId: 'c1', text: 'a' },
        { criterionId: 'c2', text: ' \n' },
      ],
      ['c2'],
      [],
    ],
    [
      'an unknown one',
      [
        { criterionId: 'c1', text: 'a' },
        { criterionId: 'c2', text: 'b' },
        { criterionId: 'zz', text: 'c' },
      ],
      [],
      ['zz'],
    ],
  ])('P6 responses: %s', (_what, responses, missing, unknown) => {
    expect(responseProblems(responses, criteria)).toEqual({
      missingCriterionIds: missing,
      unknownCriterionIds: unknown,
    });
    expect(codeOf(() => assertComplete(responses, criteria))).toBe(
      missing.length || unknown.length ? 'INCOMPLETE_PROPOSAL' : undefined,
    );
    expect(codeOf(() => assertKnownCriteria(responses, criteria))).toBe(
      unknown.length ? 'INCOMPLETE_PROPOSAL' : undefined,
    );
  });

  const allowed: [ProposalStatus, ProposalStatus][] = [
    ['DRAFT', 'SUBMITTED'],
    ['DRAFT', 'WITHDRAWN'],
    ['SUBMITTED', 'WITHDRAWN'],
    ['WITHDRAWN', 'SUBMITTED'],
    ['SUBMITTED', 'UNDER_EVALUATION'],
    ['UNDER_EVALUATION', 'NOT_ACCEPTABLE'],
    ['UNDER_EVALUATION', 'DISQUALIFIED'],
    ['UNDER_EVALUATION', 'QUALIFIED'],
    ['QUALIFIED', 'AWARDED'],
    ['QUALIFIED', 'NOT_AWARDED'],
    // Found on the ineligible register at award (P4, domain.md §7).
    ['QUALIFIED', 'DISQUALIFIED'],
  ];
  const key = (from: string, to: string) => `${from}→${to}`;
  const allowedKeys = new Set(allowed.map(([f, t]) => key(f, t)));
  const everyPair = PROPOSAL_STATUSES.flatMap((from) =>
    PROPOSAL_STATUSES.map((to) => [from, to] as [ProposalStatus, ProposalStatus]),
  );

  it.each(everyPair)('transition %s → %s', (from, to) => {
    const expected = allowedKeys.has(key(from, to));
    expect(canTransition(from, to)).toBe(expected);
    expect(codeOf(() => assertTransition(from, to))).toBe(expected ? undefined : 'INVALID_TRANSITION');
  });

  it('declares exactly the allowed transitions', () => {
    const declared = Object.entries(PROPOSAL_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => key(from, to)));
    expect(declared.sort()).toEqual([...allowedKeys].sort());
  });

  describe('P10 receipt hash', () => {
    const content = {
      opportunityId: 'o',
      vendorId: 'v',
      responses: [
        { criterionId: 'c2', text: 'deux' },
        { criterionId: 'c1', text: 'un' },
      ],
      attestations: ok,
      priceCents: 123_45,
      attachments: [
        { sha256: 'bb', fileName: 'b.pdf' },
        { sha256: 'aa', fileName: 'a.pdf' },
      ],
      version: 3,
    };

    it('is the SHA-256 of the canonical JSON, responses and attachments sorted', () => {
      const canonical =
        '{"attachments":[{"fileName":"a.pdf","sha256":"aa"},{"fileName":"b.pdf","sha256":"bb"}],' +
        '"attestations":{"acceptLicense":true,"acceptTerms":true,"conflictOfInterest":{"declared":false}},' +
        '"opportunityId":"o","priceCents":12345,"responses":[{"criterionId":"c1","text":"un"},{"criterionId":"c2","text":"deux"}],' +
        '"vendorId":"v","version":3}';
      expect(receiptHash(content)).toBe(createHash('sha256').update(canonical).digest('hex'));
    });

    it('does not depend on the order of responses and attachments', () => {
      expect(
        receiptHash({
          ...content,
          responses: [...content.responses].reverse(),
          attachments: [...content.attachments].reverse(),
        }),
      ).toBe(receiptHash(content));
    });

    it.each<[string, Partial<typeof content>]>([
      ['price', { priceCents: 123_46 }],
      ['version', { version: 4 }],
      ['a response', { responses: [{ criterionId: 'c1', text: 'un.' }] }],
      ['an attachment', { attachments: [] }],
      ['the vendor', { vendorId: 'w' }],
    ])('changes with the %s', (_what, change) => {
      expect(receiptHash({ ...content, ...change })).not.toBe(receiptHash(content));
    });
  });

  it.each<[string, string | null]>([
    ['application/pdf', 'application/pdf'],
    ['text/plain; charset=utf-8', 'text/plain'],
    ['IMAGE/PNG', 'image/png'],
    [
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['application/x-msdownload', null],
    ['text/html', null],
    ['', null],
  ])('attachment content type %j → %j', (type, expected) => {
    expect(allowedContentType(type)).toBe(expected);
  });
});
