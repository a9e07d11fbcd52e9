import type { TestApp } from './test-app';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';
import { markEmailVerified } from './accounts';

/** Accounts and sessions over the HTTP API, and the error envelope every suite checks. */
let counter = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface Session {
  token: string;
  refreshToken: string;
  userId: string;
  email: string;
  auth: { Authorization: string };
}

export async function login(t: TestApp, email: string, password: string): Promise<Session> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return {
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    userId: res.body.user.id,
    email,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

export const loginAsAdmin = (t: TestApp) => login(t, ADMIN_EMAIL, ADMIN_PASSWORD);

export const PASSWORD = 'Mot-de-passe-solide-42';

/** A vendor registers (its address verified, as by the e-mailed link) and logs in. */
export async function registerVendor(t: TestApp, name = 'Fournisseur'): Promise<Session> {
  const email = `${unique('vendeur')}@exemple.quebec`;
  await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name }).expect(201);
  await markEmailVerified(t, email);
  return login(t, email, PASSWORD);
}

export async function createPublicBody(t: TestApp, admin: Session, acronym = unique('MCN').slice(0, 25)) {
  const res = await t
    .http()
    .post('/api/v1/public-bodies')
    .set(admin.auth)
    .send({ name: { fr: `Ministère ${acronym}` }, acronym, forgeGroupPath: 'gouv' })
    .expect(201);
  return res.body as { id: string };
}

/** An admin creates an account of another role, which then logs in. */
export async function createAccount(
  t: TestApp,
  admin: Session,
  role: 'buyer' | 'auditor' | 'admin' | 'evaluator',
  publicBodyId?: string,
): Promise<Session> {
  const email = `${unique(role)}@gouv.qc.ca`;
  await t
    .http()
    .post('/api/v1/users')
    .set(admin.auth)
    .send({ email, name: `Compte ${role}`, role, password: PASSWORD, ...(publicBodyId ? { publicBodyId } : {}) })
    .expect(201);
  return login(t, email, PASSWORD);
}

export function expectEnvelope(res: { body: unknown; headers: Record<string, string> }, code: string): void {
  const body = res.body as { error?: { code?: string; message?: string }; requestId?: string };
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.message).toBe('string');
  expect(body.requestId).toBeTruthy();
  expect(res.headers['x-request-id']).toBe(body.requestId);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
}
