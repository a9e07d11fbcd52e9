import {
  CandidateAccount,
  committeeChangeAllowed,
  committeeViolations,
  CommitteeViolationRule,
  isEvaluationBlocked,
} from './committee.rules';

const BODY = 'body-own';
const account = (
  id: string,
  role: string,
  publicBodyId: string | null,
  extra: Partial<CandidateAccount> = {},
): CandidateAccount => ({
  id,
  role,
  active: true,
  publicBodyId,
  ...extra,
});

const accounts = new Map(
  [
    account('sec', 'buyer', BODY),
    account('own1', 'buyer', BODY),
    account('own2', 'buyer', BODY),
    account('own3', 'buyer', BODY),
    account('other', 'buyer', 'body-other'),
    account('ext', 'evaluator', null),
    account('inactive', 'buyer', 'body-other', { active: false }),
    account('vendor', 'vendor', null),
    account('auditor', 'auditor', null),
    account('foreignSec', 'buyer', 'body-other'),
  ].map((a) => [a.id, a]),
);

const policy = { owningPublicBodyId: BODY, minEvaluators: 3, requireExternal: true };

describe('committeeViolations (domain.md §6)', () => {
  it.each<[string, string, string[], Partial<typeof policy>, CommitteeViolationRule[]]>([
    ['a valid committee with an external account', 'sec', ['own1', 'own2', 'ext'], {}, []],
    ['a valid committee with a buyer of another body', 'sec', ['own1', 'own2', 'other'], {}, []],
    ['no external evaluator', 'sec', ['own1', 'own2', 'own3'], {}, ['NO_EXTERNAL_EVALUATOR']],
    ['no external evaluator, not required', 'sec', ['own1', 'own2', 'own3'], { requireExternal: false }, []],
    ['too few evaluators', 'sec', ['own1', 'ext'], {}, ['TOO_FEW_EVALUATORS']],
    ['a lower minimum', 'sec', ['ext'], { minEvaluators: 1 }, []],
    ['a secretary of another body', 'foreignSec', ['own1', 'own2', 'ext'], {}, ['SECRETARY_NOT_OWNING_BUYER']],
    ['an unknown secretary', 'nobody', ['own1', 'own2', 'ext'], {}, ['SECRETARY_NOT_OWNING_BUYER']],
    ['an external account as secretary', 'ext', ['own1', 'own2', 'other'], {}, ['SECRETARY_NOT_OWNING_BUYER']],
    ['a vendor evaluator', 'sec', ['own1', 'vendor', 'ext'], {}, ['EVALUATOR_NOT_ELIGIBLE']],
    ['an auditor evaluator', 'sec', ['own1', 'auditor', 'ext'], {}, ['EVALUATOR_NOT_ELIGIBLE']],
    [
      'an inactive evaluator (the only external one)',
      'sec',
      ['own1', 'own2', 'inactive'],
      {},
      ['EVALUATOR_NOT_ELIGIBLE', 'NO_EXTERNAL_EVALUATOR'],
    ],
    ['an unknown evaluator', 'sec', ['own1', 'ghost', 'ext'], {}, ['EVALUATOR_NOT_ELIGIBLE']],
    ['the secretary as evaluator', 'sec', ['sec', 'own2', 'ext'], {}, ['SECRETARY_IS_EVALUATOR']],
    ['a duplicate evaluator', 'sec', ['own1', 'own1', 'own2', 'ext'], {}, ['DUPLICATE_EVALUATOR']],
    [
      'a duplicate that leaves too few',
      'sec',
      ['own1', 'own1', 'ext'],
      {},
      ['DUPLICATE_EVALUATOR', 'TOO_FEW_EVALUATORS'],
    ],
  ])('%s', (_case, secretaryId, evaluatorIds, overrides, expected) => {
    const rules = committeeViolations({ secretaryId, evaluatorIds }, accounts, { ...policy, ...overrides }).map(
      (v) => v.rule,
    );
    expect(rules).toEqual(expected);
  });

  it('names the account at fault and says why in French', () => {
    const [violation] = committeeViolations(
      { secretaryId: 'sec', evaluatorIds: ['own1', 'vendor', 'ext'] },
      accounts,
      policy,
    );
    expect(violation).toEqual({
      rule: 'EVALUATOR_NOT_ELIGIBLE',
      userId: 'vendor',
      message: expect.stringContaining('évaluateur'),
    });
  });
});

describe('committeeChangeAllowed', () => {
  it.each([
    ['DRAFT', true],
    ['UNDER_REVIEW', true],
    ['PUBLISHED', true],
    ['EVALUATION', true],
    ['AWARDED', false],
    ['UNSUCCESSFUL', false],
    ['CANCELLED', false],
  ] as const)('%s → %s', (status, allowed) => {
    expect(committeeChangeAllowed(status)).toBe(allowed);
  });
});

describe('isEvaluationBlocked', () => {
  it.each([
    [3, 3, false],
    [4, 3, false],
    [2, 3, true],
    [0, 0, false],
  ])('%i non-recused evaluators, minimum %i → %s', (remaining, minimum, blocked) => {
    expect(isEvaluationBlocked(remaining, minimum)).toBe(blocked);
  });
});
