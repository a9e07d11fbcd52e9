import { AppConfig } from './app-config';
import { ConfigError, loadConfig } from './load-config';

/** A day inside the 2026–2027 period of the default table (threshold 13 900 000 ¢). */
const IN_2026 = new Date('2026-06-15T12:00:00-04:00');

function problemsOf(env: Record<string, string>, today = IN_2026): string[] {
  try {
    loadConfig(env, today);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('loadConfig accepted the configuration');
}

const RANDOM_SECRET = 'q8Vw3ZkP1xTn7LmR4sYb9HcJ2fGd6AeU0oKi5NtW';

describe('loadConfig', () => {
  it('applies the documented defaults (domain.md §1) to an empty environment', () => {
    const config = loadConfig({}, IN_2026);
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      APP_ROLE: 'all',
      PORT: 3000,
      PROGRAM_CAP_CENTS: 9_000_000,
      MIN_TENDER_PERIOD_DAYS: 15,
      QUESTIONS_CLOSE_HOURS: 72,
      ADDENDUM_MIN_DAYS: 7,
      COMMITTEE_MIN_EVALUATORS: 3,
      COMMITTEE_REQUIRE_EXTERNAL: true,
      QUALITY_THRESHOLD: 70,
      AMENDMENT_MAX_PERCENT: 10,
      SPLITTING_WINDOW_DAYS: 90,
      OUTBOX_POLL_MS: 1000,
    });
    expect(config.OCDS_PREFIX).toMatch(/^ocds-[a-z0-9]{6}$/);
    expect(config.thresholds).toEqual([
      { from: '2024-01-01', to: '2025-12-31', cents: 13_380_000 },
      { from: '2026-01-01', to: '2027-12-31', cents: 13_900_000 },
    ]);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect([config.runsHttp, config.runsWorkers]).toEqual([true, true]);
  });

  it('DATABASE_POOL_SIZE: 10 connections unless told, a positive integer up to 200', () => {
    expect(loadConfig({}, IN_2026).DATABASE_POOL_SIZE).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '32' }, IN_2026).DATABASE_POOL_SIZE).toBe(32);
    for (const bad of ['0', '201', 'beaucoup']) {
      expect(problemsOf({ DATABASE_POOL_SIZE: bad }).some((p) => p.includes('DATABASE_POOL_SIZE'))).toBe(true);
    }
  });

  it('reads the environment, converting numbers and booleans', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        APP_ROLE: 'worker',
        PORT: '8080',
        DATABASE_URL: 'postgres://u@db:5432/echanges',
        REDIS_URL: 'redis://cache:6379',
        COMMITTEE_REQUIRE_EXTERNAL: 'false',
        OPENAPI_ENABLED: '0',
        QUALITY_THRESHOLD: '75',
        UNRELATED: 'ignored',
      },
      IN_2026,
    );
    expect(config).toMatchObject({
      NODE_ENV: 'test',
      PORT: 8080,
      DATABASE_URL: 'postgres://u@db:5432/echanges',
      REDIS_URL: 'redis://cache:6379',
      COMMITTEE_REQUIRE_EXTERNAL: false,
      OPENAPI_ENABLED: false,
      QUALITY_THRESHOLD: 75,
    });
    expect(config).not.toHaveProperty('UNRELATED');
    expect(config.usesEmbeddedDatabase).toBe(false);
    expect([config.runsHttp, config.runsWorkers]).toEqual([false, true]);
  });

  it.each([
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads the boolean %s', (value, expected) => {
    expect(loadConfig({ COMMITTEE_REQUIRE_EXTERNAL: value }, IN_2026).COMMITTEE_REQUIRE_EXTERNAL).toBe(expected);
  });

  it.each([
    'MIN_TENDER_PERIOD_DAYS',
    'QUESTIONS_CLOSE_HOURS',
    'ADDENDUM_MIN_DAYS',
    'COMMITTEE_MIN_EVALUATORS',
    'QUALITY_THRESHOLD',
    'AMENDMENT_MAX_PERCENT',
    'SPLITTING_WINDOW_DAYS',
  ] as const)('accepts 0 for the rule setting %s', (key) => {
    expect(loadConfig({ [key]: '0' }, IN_2026)[key]).toBe(0);
  });

  it('treats an empty variable as unset (the default applies, not 0)', () => {
    const config = loadConfig(
      { QUALITY_THRESHOLD: '', PORT: '', REDIS_URL: '', COMMITTEE_REQUIRE_EXTERNAL: '' },
      IN_2026,
    );
    expect(config).toMatchObject({ QUALITY_THRESHOLD: 70, PORT: 3000, COMMITTEE_REQUIRE_EXTERNAL: true });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['NODE_ENV', 'staging'],
    ['APP_ROLE', 'both'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0x10'],
    ['DATABASE_URL', 'mysql://db/echanges'],
    ['REDIS_URL', 'http://cache:6379'],
    ['BULLMQ_PREFIX', 'Echanges:prod'],
    ['JWT_SECRET', 'trop-court'],
    ['JWT_ACCESS_TTL_SECONDS', '30'],
    ['ADMIN_EMAIL', 'pas-un-courriel'],
    ['ADMIN_PASSWORD', 'court'],
    ['SMTP_URL', 'mail.example.org'],
    ['FORGE_URL', 'gitlab.example.org'],
    ['FORGE_MODE', 'both'],
    ['FORGE_MODE_BY_GROUP', 'mcn/echanges=manual'],
    ['FORGE_AUTHOR_EMAIL', 'pas-un-courriel'],
    ['FORGE_RETRY_BASE_MS', '1'],
    ['OCDS_PREFIX', 'ocds-ABC123'],
    ['OCDS_PREFIX', 'ocds-abc12'],
    ['PROGRAM_CAP_CENTS', '0'],
    ['PROGRAM_CAP_CENTS', '89999.99'],
    ['MIN_TENDER_PERIOD_DAYS', '-1'],
    ['MIN_TENDER_PERIOD_DAYS', '1.5'],
    ['MIN_TENDER_PERIOD_DAYS', '1e3'],
    ['COMMITTEE_REQUIRE_EXTERNAL', 'yes'],
    ['COMMITTEE_REQUIRE_EXTERNAL', 'flase'],
    ['QUALITY_THRESHOLD', '101'],
    ['AMENDMENT_MAX_PERCENT', 'dix'],
    ['OUTBOX_POLL_MS', '10'],
    ['LOG_LEVEL', 'trace'],
    ['PUBLIC_TENDER_THRESHOLDS', '2026..2027=13900000'],
    ['PUBLIC_TENDER_THRESHOLDS', '2026-02-30..2027-12-31=13900000'],
  ])('refuses %s=%s and names it', (key, value) => {
    const problems = problemsOf({ [key]: value });
    expect(problems).toEqual([expect.stringContaining(key)]);
  });

  it('lists every invalid value at once, in a readable message', () => {
    let error: unknown;
    try {
      loadConfig(
        { PORT: 'abc', QUALITY_THRESHOLD: '101', OCDS_PREFIX: 'x', COMMITTEE_REQUIRE_EXTERNAL: 'peut-être' },
        IN_2026,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(4);
    for (const key of ['PORT', 'QUALITY_THRESHOLD', 'OCDS_PREFIX', 'COMMITTEE_REQUIRE_EXTERNAL']) {
      expect(problems.some((p) => p.includes(key))).toBe(true);
    }
    expect(message.split('\n')).toEqual(['Configuration invalide :', ...problems.map((p) => `  - ${p}`)]);
  });

  it.each([
    ['equal to the 2026 threshold', '13900000', IN_2026, false],
    ['just below the 2026 threshold', '13899999', IN_2026, true],
    [
      'above the 2025 threshold on 2025-12-31 23:30 in Montréal',
      '13500000',
      new Date('2025-12-31T23:30:00-05:00'),
      false,
    ],
    ['the same cap once 2026 has begun in Montréal', '13500000', new Date('2026-01-01T00:00:00-05:00'), true],
    ['equal to the 2025 threshold in 2025', '13380000', new Date('2025-06-01T12:00:00-04:00'), false],
  ])('program cap %s: accepted=%s', (_case, cap, today, accepted) => {
    if (accepted) {
      expect(loadConfig({ PROGRAM_CAP_CENTS: cap }, today).PROGRAM_CAP_CENTS).toBe(Number(cap));
    } else {
      expect(problemsOf({ PROGRAM_CAP_CENTS: cap }, today)).toEqual([
        expect.stringMatching(/^PROGRAM_CAP_CENTS \(\d+\) doit être inférieur au seuil .* \(\d+\)$/),
      ]);
    }
  });

  it('accepts a cap below an overridden threshold table (a new Conseil du trésor value, no release)', () => {
    const env = { PUBLIC_TENDER_THRESHOLDS: '2026-01-01..2027-12-31=20000000', PROGRAM_CAP_CENTS: '15000000' };
    const config = loadConfig(env, IN_2026);
    expect(config.PROGRAM_CAP_CENTS).toBe(15_000_000);
    expect(config.thresholds).toEqual([{ from: '2026-01-01', to: '2027-12-31', cents: 20_000_000 }]);
    // The same cap against the default table is refused.
    expect(problemsOf({ PROGRAM_CAP_CENTS: '15000000' })).toEqual([expect.stringContaining('PROGRAM_CAP_CENTS')]);
  });

  it('refuses the default cap when an overridden threshold is lower', () => {
    expect(problemsOf({ PUBLIC_TENDER_THRESHOLDS: '2026-01-01..2027-12-31=8000000' })).toEqual([
      expect.stringContaining('PROGRAM_CAP_CENTS (9000000)'),
    ]);
  });

  it('refuses a table with no threshold in force today', () => {
    expect(problemsOf({}, new Date('2028-01-01T12:00:00-05:00'))).toEqual([
      expect.stringMatching(/^PUBLIC_TENDER_THRESHOLDS: aucun seuil .* en vigueur le 2028-01-01$/),
    ]);
  });

  it.each([
    [
      'production without JWT_SECRET is refused',
      { NODE_ENV: 'production' },
      ['JWT_SECRET est obligatoire en production'],
    ],
    [
      'production with an empty JWT_SECRET is refused',
      { NODE_ENV: 'production', JWT_SECRET: '' },
      ['JWT_SECRET est obligatoire en production'],
    ],
    ['production with a random JWT_SECRET is accepted', { NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET }, []],
    [
      'production with the old compose default JWT_SECRET is refused',
      { NODE_ENV: 'production', JWT_SECRET: 'change-me-in-production-please-32chars' },
      [expect.stringMatching(/^JWT_SECRET est une valeur d’exemple/)],
    ],
    [
      'production with a placeholder-looking JWT_SECRET is refused',
      { NODE_ENV: 'production', JWT_SECRET: 'CHANGEME_changeme_CHANGEME_changeme_42' },
      [expect.stringMatching(/^JWT_SECRET est une valeur d’exemple/)],
    ],
    [
      'production with a uniform JWT_SECRET is refused',
      { NODE_ENV: 'production', JWT_SECRET: 'ab'.repeat(20) },
      [expect.stringMatching(/^JWT_SECRET est trop faible/)],
    ],
    [
      'production with the old compose default ADMIN_PASSWORD is refused',
      { NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET, ADMIN_PASSWORD: 'ChangezMoi-2026!' },
      [expect.stringMatching(/^ADMIN_PASSWORD est une valeur d’exemple/)],
    ],
    [
      'production with a "change-me" ADMIN_PASSWORD is refused',
      { NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET, ADMIN_PASSWORD: 'Change-Me-Now-2027' },
      [expect.stringMatching(/^ADMIN_PASSWORD est une valeur d’exemple/)],
    ],
    [
      'development accepts placeholders (a laptop)',
      {
        NODE_ENV: 'development',
        JWT_SECRET: 'change-me-in-production-please-32chars',
        ADMIN_PASSWORD: 'ChangezMoi-2026!',
      },
      [],
    ],
    ['development without JWT_SECRET is accepted', { NODE_ENV: 'development' }, []],
    ['test without JWT_SECRET is accepted', { NODE_ENV: 'test' }, []],
  ])('%s', (_case, env, expected) => {
    if (expected.length === 0) expect(() => loadConfig(env, IN_2026)).not.toThrow();
    else expect(problemsOf(env)).toEqual(expected);
  });

  it('serves the OpenAPI document by default except in production, where it is opt-in', () => {
    expect(loadConfig({ NODE_ENV: 'development' }, IN_2026).OPENAPI_ENABLED).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET }, IN_2026).OPENAPI_ENABLED).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET, OPENAPI_ENABLED: 'true' }, IN_2026)
        .OPENAPI_ENABLED,
    ).toBe(true);
  });

  it.each(['loopback', 'false', '10.0.0.0/8, 172.16.0.1', 'uniquelocal,loopback'])('accepts TRUST_PROXY=%s', (v) => {
    expect(loadConfig({ TRUST_PROXY: v }, IN_2026).TRUST_PROXY).toBe(v);
  });

  it('refuses a TRUST_PROXY that is not a list of addresses', () => {
    expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY/)]);
  });
});
