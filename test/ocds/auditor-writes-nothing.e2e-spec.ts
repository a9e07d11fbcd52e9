import { randomUUID } from 'node:crypto';
import { createAccount, loginAsAdmin, Session } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Auditors read; they write nothing (issue 12, item 5): every non-GET operation of the OpenAPI
 * document, called by an auditor, is refused with 403 or 404, never a 2xx (nor a 4xx about the
 * body, which would mean the route let the auditor through to validation). Only the auditor's
 * own session (log in, refresh, log out), own password, and the public account routes
 * (registration, e-mail verification, password reset) are the auditor's to call, as anyone's.
 */
const OWN_SESSION = new Set([
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/logout',
  'POST /auth/register',
  'POST /auth/verify-email',
  'POST /auth/password-reset',
  'POST /auth/password-reset/confirm',
  'PUT /me/password',
]);

describe('An auditor writes nothing', () => {
  let t: TestApp;
  let auditor: Session;
  let operations: { method: string; path: string }[];

  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
    auditor = await createAccount(t, await loginAsAdmin(t), 'auditor');
    const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method, path })),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every non-GET operation is refused (403/404)', async () => {
    expect(operations.length).toBeGreaterThan(25);
    const outcomes: string[] = [];
    for (const { method, path } of operations) {
      const route = path.replace(/^\/api\/v1/, '');
      if (OWN_SESSION.has(`${method.toUpperCase()} ${route}`)) continue;
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const req = t.http()[method as 'post' | 'put' | 'patch' | 'delete'](url).set(auditor.auth);
      const res = await req.send({});
      outcomes.push(`${method.toUpperCase()} ${path} → ${res.status}`);
    }
    const refused = outcomes.filter((o) => / → (403|404)$/.test(o));
    expect(outcomes.filter((o) => !refused.includes(o))).toEqual([]);
    expect(refused.length).toBeGreaterThan(25);
  });
});
