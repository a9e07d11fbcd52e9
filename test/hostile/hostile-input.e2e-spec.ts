import { buildOpenApiDocument } from '../../src/common/http/configure-http';
import {
  buyerOfNewPublicBody,
  createProposal,
  loginAsAdmin,
  opportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { hostileVariants, OpenAPIObject, Operation, Variant } from './variants';

/** Requests per operation and role, sampled deterministically from the variants. */
const VARIANTS_PER_ROLE = 12;
const STACK_TRACE = /at .*\.(ts|js):\d+|node_modules|\n\s+at /;
const SQL_TEXT =
  /\b(SELECT|INSERT INTO|UPDATE .* SET|DELETE FROM)\b|syntax error|violates|QueryFailedError|relation "|column "/;

/**
 * Issue 13, “Also build”: every operation of the OpenAPI document, as anonymous, vendor,
 * buyer and admin, with bounded hostile variants (wrong types, huge strings, deep nesting,
 * bad encodings, NUL, ids of other owners, unknown keys). No answer may be a 5xx, an error
 * without the envelope, a stack trace or SQL text.
 */
describe('Hostile input over the whole API', () => {
  let t: TestApp;
  const roles: Record<string, Record<string, string>> = { anonymous: {} };
  let foreignIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      label: 'hostile',
      redis: false,
      env: { LOGIN_ADDRESS_MAX_FAILURES: '100000', AUTH_RATE_LIMIT: '100000' },
    });
    const admin = await loginAsAdmin(t);
    const buyer = await buyerOfNewPublicBody(t, admin);
    const vendor = await seedVendor(t);
    // Things that belong to someone else: another buyer's opportunity, another vendor's proposal.
    const otherBuyer = await buyerOfNewPublicBody(t, admin);
    const otherVendor = await seedVendor(t);
    const opportunity = await publishOpportunity(t, { admin, buyer: otherBuyer });
    const proposal = await createProposal(
      t,
      otherVendor,
      opportunity.id,
      proposalBody(opportunity, otherVendor.vendorId),
    );
    foreignIds = [opportunity.id, proposal.id, otherVendor.vendorId, otherBuyer.publicBodyId, otherVendor.userId];
    const as = (s: Session) => s.auth;
    Object.assign(roles, { vendor: as(vendor), buyer: as(buyer), admin: as(admin) });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers every hostile variant of every operation with a coded 4xx (or a success), never a 5xx', async () => {
    const document = buildOpenApiDocument(t.app) as unknown as OpenAPIObject;
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const op = item[method];
        if (op) operations.push({ path, method, op, document });
      }
    }
    expect(operations.length).toBeGreaterThan(40);

    const failures: string[] = [];
    let requests = 0;
    let fiveHundreds = 0;
    for (const operation of operations) {
      const variants = hostileVariants(operation, foreignIds);
      for (const [roleIndex, [role, auth]] of Object.entries(roles).entries()) {
        for (const variant of sample(
          variants,
          VARIANTS_PER_ROLE,
          `${operation.method} ${operation.path} ${roleIndex}`,
        )) {
          requests++;
          const res = await send(operation, variant, auth);
          const where = `${role} ${operation.method.toUpperCase()} ${variant.url.slice(0, 120)} [${variant.label}] → ${res.status}`;
          if (res.status >= 500) {
            fiveHundreds++;
            failures.push(`${where}: ${res.text.slice(0, 200)}`);
          }
          if (res.status >= 400 && !isEnvelope(res.body))
            failures.push(`${where}: no envelope: ${res.text.slice(0, 200)}`);
          if (STACK_TRACE.test(res.text)) failures.push(`${where}: stack trace`);
          if (res.status >= 400 && SQL_TEXT.test(res.text))
            failures.push(`${where}: SQL text: ${res.text.slice(0, 200)}`);
        }
      }
    }
    console.log(`hostile-input: ${requests} requests, ${operations.length} operations, ${fiveHundreds} 5xx`);
    expect(failures).toEqual([]);
  });

  async function send(operation: Operation, variant: Variant, auth: Record<string, string>) {
    const req = t.http()[operation.method](variant.url).set(auth);
    if (variant.rawBody !== undefined) {
      return req.set('content-type', variant.contentType ?? 'application/json').send(variant.rawBody);
    }
    return variant.body === undefined ? req : req.send(variant.body as object);
  }
});

describe('A large legal body does not stall the API', () => {
  let t: TestApp;
  let buyer: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'stall', redis: false });
    buyer = await buyerOfNewPublicBody(t, await loginAsAdmin(t));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('/health/live answers while a near-limit opportunity body is being handled', async () => {
    const long = 'Étape détaillée du mandat. '.repeat(1800); // ~48 000 characters
    const body = opportunityBody({
      description: { fr: long, en: long },
      criteria: Array.from({ length: 20 }, (_, i) => ({
        title: { fr: `Critère ${i}` },
        description: { fr: long.slice(0, 4900), en: long.slice(0, 4900) },
        weight: 5,
      })),
    });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(300_000);
    let bigDoneAt = 0;
    const big = t
      .http()
      .post('/api/v1/opportunities')
      .set(buyer.auth)
      .send(body)
      .then((res) => {
        bigDoneAt = Date.now();
        return res;
      });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    const health = await t.http().get('/health/live').expect(200);
    const healthDoneAt = Date.now();
    expect(health.body).toEqual({ status: 'ok' });
    const res = await big;
    expect([201, 422]).toContain(res.status);
    expect(bigDoneAt === 0 || healthDoneAt <= bigDoneAt).toBe(true);
    expect(healthDoneAt - started).toBeLessThan(1000); // 200 ms on an idle machine; generous under load
  });
});

function isEnvelope(body: unknown): boolean {
  const b = body as { error?: { code?: unknown; message?: unknown }; requestId?: unknown };
  return typeof b?.error?.code === 'string' && typeof b.error.message === 'string' && typeof b.requestId === 'string';
}

/** `count` variants chosen by a PRNG seeded with the operation: the same ones on every run. */
function sample<T>(items: T[], count: number, seed: string): T[] {
  if (items.length <= count) return items;
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    chosen.push(pool.splice(h % pool.length, 1)[0]);
  }
  return chosen;
}
