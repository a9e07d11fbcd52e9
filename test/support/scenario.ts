import type { TestApp } from './test-app';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';

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

/** A vendor registers and logs in. */
export async function registerVendor(t: TestApp, name = 'Fournisseur'): Promise<Session> {
  const email = `${unique('vendeur')}@exemple.quebec`;
  await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name }).expect(201);
  return login(t, email, PASSWORD);
}

export async function createPublicBody(t: TestApp, admin: Session, acronym = unique('MCN').slice(0, 25)) {
  const res = await t
    .http()
    .post('/api/v1/public-bodies')
    .set(admin.auth)
    .send({ name: { fr: `Ministère ${acronym}` }, acronym, forgeGroupPath: `gouv/${acronym.toLowerCase()}` })
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

// ─── Organizations ──────────────────────────────────────────────────────────────────

const usedNeqs = new Set<string>();

/** A fresh 10-digit NEQ, distinct from every other one this test process handed out. */
export function nextNeq(): string {
  for (;;) {
    const neq = `11${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;
    if (!usedNeqs.has(neq)) {
      usedNeqs.add(neq);
      return neq;
    }
  }
}

export interface VendorMember {
  userId: string;
  name: string;
  email: string;
  role: 'owner' | 'member';
}

export interface VendorOrganizationView {
  id: string;
  legalName: string;
  neq: string;
  size: 'micro' | 'sme' | 'large';
  email: string;
  address: { city: string; province: string; postalCode: string };
  members: VendorMember[];
}

export function vendorOrganizationBody(overrides: Record<string, unknown> = {}) {
  return {
    legalName: `Logiciels ${unique('Boréal')} inc.`,
    neq: nextNeq(),
    size: 'sme',
    email: `${unique('contact')}@boreal.quebec`,
    address: { city: 'Québec', province: 'QC', postalCode: 'G1R 4A5' },
    ...overrides,
  };
}

/** A vendor registers its organization and becomes its owner. */
export async function createVendorOrganization(
  t: TestApp,
  owner: Session,
  overrides: Record<string, unknown> = {},
): Promise<VendorOrganizationView> {
  const res = await t.http().post('/api/v1/vendors').set(owner.auth).send(vendorOrganizationBody(overrides)).expect(201);
  return res.body as VendorOrganizationView;
}

/** An owner adds another vendor account to the organization. */
export async function addVendorMember(
  t: TestApp,
  owner: Session,
  vendorId: string,
  member: Session,
  role: 'owner' | 'member' = 'member',
): Promise<VendorMember> {
  const res = await t.http().post(`/api/v1/vendors/${vendorId}/members`).set(owner.auth).send({ email: member.email, role }).expect(201);
  return res.body as VendorMember;
}

/** The audit events recorded about one entity, as an admin or auditor reads them. */
export async function auditEventsFor(t: TestApp, reader: Session, entityId: string) {
  const res = await t.http().get('/api/v1/audit/events').query({ entityId, pageSize: 100 }).set(reader.auth).expect(200);
  return res.body.items as { action: string; actorId: string | null; actorRole: string | null; entityType: string; data: Record<string, unknown> }[];
}
