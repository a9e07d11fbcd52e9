import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from './load-config';
import { KNOWN_PLACEHOLDERS } from './production-secrets';

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}

/** Applies YAML merge keys (`<<: *anchor`), which Compose honours, the parser leaves as they are. */
function merged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(merged);
  if (value === null || typeof value !== 'object') return value;
  const { '<<': base, ...own } = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const b of base === undefined ? [] : Array.isArray(base) ? base : [base]) Object.assign(result, merged(b));
  for (const [k, v] of Object.entries(own)) result[k] = merged(v);
  return result;
}

const text = readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8');
const compose = merged(load(text)) as { services: Record<string, Service> };
const { api, worker } = compose.services;

/** Compose's interpolation of `${NAME…}` for the forms the file uses (`:-default`, `:?message`). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, kind?: string, arg?: string) => {
    if (env[name]) return env[name];
    if (kind === '?') throw new Error(`${name}: ${arg}`);
    return kind === '-' ? (arg ?? '') : '';
  });
}

describe('docker-compose.yml', () => {
  it('fails without JWT_SECRET or ADMIN_PASSWORD (no public default to sign tokens with)', () => {
    const env = api.environment!;
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
    expect(() => interpolate(env.JWT_SECRET, {})).toThrow(/JWT_SECRET/);
    expect(() => interpolate(env.ADMIN_PASSWORD, {})).toThrow(/ADMIN_PASSWORD/);
    for (const shipped of KNOWN_PLACEHOLDERS.filter((p) => p.length >= 12)) expect(text).not.toContain(shipped);
  });

  it('with the secrets given, its environment is a valid production configuration', () => {
    const given = { JWT_SECRET: 'q8Vw3ZkP1xTn7LmR4sYb9HcJ2fGd6AeU0oKi5NtW', ADMIN_PASSWORD: 'Tournesol-Bleu-Hiver-91' };
    for (const service of [api, worker]) {
      const env = Object.fromEntries(
        Object.entries(service.environment!).map(([k, v]) => [k, interpolate(String(v), given)]),
      );
      expect(env.NODE_ENV).toBe('production');
      const config = loadConfig(env);
      expect(config.OPENAPI_ENABLED).toBe(false);
    }
  });

  it('builds the image once, for both roles, and checks the API on /health/ready', () => {
    expect(api.build).toBeDefined();
    expect(worker.build).toBeUndefined();
    expect(worker.image).toBe(api.image);
    expect(api.image).toBe('echanges:local');
    expect([api.environment!.APP_ROLE, worker.environment!.APP_ROLE]).toEqual(['api', 'worker']);
    expect(api.healthcheck!.test.join(' ')).toContain('/health/ready');
  });
});
