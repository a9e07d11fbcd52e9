import type { TestApp } from './test-app';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';
import { markEmailVerified, openSession } from './accounts';

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

// ─── Organizations ──────────────────────────────────────────────────────────────────

const usedNeqs = new Set<string>();

/** A fresh 10-digit NEQ, distinct from every other one this test process handed out. */
export function nextNeq(): string {
  for (;;) {
    const neq = `11${Math.floor(Math.random() * 1e8)
      .toString()
      .padStart(8, '0')}`;
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
  const res = await t
    .http()
    .post('/api/v1/vendors')
    .set(owner.auth)
    .send(vendorOrganizationBody(overrides))
    .expect(201);
  return res.body as VendorOrganizationView;
}

/** An owner invites another vendor account to the organization, which accepts. */
export async function addVendorMember(
  t: TestApp,
  owner: Session,
  vendorId: string,
  member: Session,
  role: 'owner' | 'member' = 'member',
): Promise<VendorMember> {
  const invited = await t
    .http()
    .post(`/api/v1/vendors/${vendorId}/members`)
    .set(owner.auth)
    .send({ email: member.email, role })
    .expect(201);
  const res = await t
    .http()
    .post(`/api/v1/vendor-invitations/${invited.body.invitationId}/accept`)
    .set(member.auth)
    .expect(200);
  return res.body as VendorMember;
}

/** The audit events recorded about one entity, as an admin or auditor reads them. */
export async function auditEventsFor(t: TestApp, reader: Session, entityId: string) {
  const res = await t
    .http()
    .get('/api/v1/audit/events')
    .query({ entityId, pageSize: 100 })
    .set(reader.auth)
    .expect(200);
  return res.body.items as {
    action: string;
    actorId: string | null;
    actorRole: string | null;
    entityType: string;
    data: Record<string, unknown>;
  }[];
}

// ─── Opportunities ──────────────────────────────────────────────────────────────────

/** The database clock (every rule uses it, never Node's). */
export async function dbNow(t: TestApp): Promise<Date> {
  const [row] = (await t.dataSource.query(`SELECT date_trunc('milliseconds', now()) AS now`)) as { now: Date }[];
  return new Date(row.now);
}

/** `now() + interval` on the database clock, as ISO 8601 (e.g. `'30 days'`, `'-1 hour'`). */
export async function dbTimeIn(t: TestApp, interval: string): Promise<string> {
  const [row] = (await t.dataSource.query(`SELECT date_trunc('milliseconds', now() + $1::interval) AS at`, [
    interval,
  ])) as { at: Date }[];
  return new Date(row.at).toISOString();
}

export const THREE_CRITERIA = [
  {
    title: { fr: 'Compréhension du besoin' },
    description: { fr: 'Analyse du besoin' },
    weight: 40,
    minimumRequired: false,
  },
  { title: { fr: 'Approche technique' }, weight: 35, minimumRequired: true },
  { title: { fr: 'Expérience', en: 'Experience' }, weight: 25 },
];

/** A complete opportunity body (api.md), ready to publish once given a deadline. */
export function opportunityBody(overrides: Record<string, unknown> = {}) {
  return {
    title: { fr: 'Module de prise de rendez-vous', en: 'Appointment module' },
    summary: { fr: 'Un module libre de prise de rendez-vous pour les citoyens.' },
    description: { fr: '## Contexte\n\nLes citoyens prennent rendez-vous en ligne.' },
    skills: ['TypeScript', 'PostgreSQL'],
    procurementMode: 'public',
    estimatedValueCents: 6_500_000,
    optionsDescription: null,
    evaluationMethod: 'adjusted_price',
    kPercent: 30,
    criteria: THREE_CRITERIA,
    acceptanceCriteria: [{ fr: 'Tests automatisés couvrant les cas d’usage' }],
    license: 'LiLiQ-P-1.1',
    forgeProjectPath: `gouv/echanges/${unique('projet')}`,
    ...overrides,
  };
}

/** A public body and one of its buyers. */
export async function buyerOfNewPublicBody(t: TestApp, admin: Session): Promise<Session & { publicBodyId: string }> {
  const body = await createPublicBody(t, admin);
  const buyer = await createAccount(t, admin, 'buyer', body.id);
  return { ...buyer, publicBodyId: body.id };
}

/** Deadline in 30 days (database clock) and delivery 90 days after it, unless overridden. */
async function withDates(t: TestApp, overrides: Record<string, unknown>) {
  const proposalDeadline = (overrides.proposalDeadline as string | undefined) ?? (await dbTimeIn(t, '30 days'));
  const deliveryDueDate = new Date(Date.parse(proposalDeadline) + 90 * 86_400_000).toISOString().slice(0, 10);
  return opportunityBody({ proposalDeadline, deliveryDueDate, ...overrides });
}

/** The buyer drafts an opportunity (201); returns the opportunity view. */
export async function createDraft(t: TestApp, buyer: Session, overrides: Record<string, unknown> = {}) {
  const res = await t
    .http()
    .post('/api/v1/opportunities')
    .set(buyer.auth)
    .send(await withDates(t, overrides))
    .expect(201);
  return res.body as OpportunityBody;
}

export async function submitForReview(t: TestApp, buyer: Session, id: string) {
  return (await t.http().post(`/api/v1/opportunities/${id}/submit-for-review`).set(buyer.auth).expect(200))
    .body as OpportunityBody;
}

/** Drafted by the buyer, submitted, published by the admin (optionally inviting vendors first). */
export async function publishOpportunity(
  t: TestApp,
  actors: { admin: Session; buyer: Session },
  overrides: Record<string, unknown> = {},
  options: { invite?: string[]; splittingJustification?: string } = {},
) {
  const draft = await createDraft(t, actors.buyer, overrides);
  if (options.invite) await inviteVendors(t, actors.buyer, draft.id, options.invite);
  await submitForReview(t, actors.buyer, draft.id);
  const publish = t.http().post(`/api/v1/opportunities/${draft.id}/publish`).set(actors.admin.auth);
  const justification = options.splittingJustification;
  const res = await (justification ? publish.send({ splittingJustification: justification }) : publish).expect(200);
  return res.body as OpportunityBody;
}

export async function inviteVendors(t: TestApp, buyer: Session, id: string, vendorIds: string[]) {
  return (
    await t.http().post(`/api/v1/opportunities/${id}/invitations`).set(buyer.auth).send({ vendorIds }).expect(201)
  ).body;
}

export async function subscribeTo(t: TestApp, vendor: Session, id: string) {
  return (await t.http().post(`/api/v1/opportunities/${id}/subscriptions`).set(vendor.auth).expect(201)).body;
}

export async function askQuestion(
  t: TestApp,
  vendor: Session,
  id: string,
  question = 'Le code doit-il être bilingue ?',
) {
  return (await t.http().post(`/api/v1/opportunities/${id}/questions`).set(vendor.auth).send({ question }).expect(201))
    .body as { id: string };
}

export async function answerQuestion(
  t: TestApp,
  buyer: Session,
  id: string,
  questionId: string,
  answer = { fr: 'Oui, français et anglais.' },
) {
  return (
    await t
      .http()
      .post(`/api/v1/opportunities/${id}/questions/${questionId}/answer`)
      .set(buyer.auth)
      .send({ answer })
      .expect(200)
  ).body;
}

/** A vendor who asked for an e-mail about every new public opportunity. */
export async function vendorWantingNews(t: TestApp, name = 'Veilleur'): Promise<Session> {
  const vendor = await registerVendor(t, name);
  await t
    .http()
    .put('/api/v1/me/notification-preferences')
    .set(vendor.auth)
    .send({ newOpportunities: true })
    .expect(200);
  return vendor;
}

/** The e-mails recorded for an opportunity, optionally of one template. */
export async function notificationsAbout(t: TestApp, opportunityId: string, template?: string) {
  return (await t.dataSource.query(
    `SELECT recipient_user_id, recipient_email, language, template, data, dedup_key FROM notification
      WHERE entity_id = $1 AND ($2::text IS NULL OR template = $2) ORDER BY recipient_email`,
    [opportunityId, template ?? null],
  )) as {
    recipient_user_id: string | null;
    recipient_email: string;
    language: string;
    template: string;
    data: Record<string, unknown>;
    dedup_key: string;
  }[];
}

/** Moves the deadlines of a published opportunity (the database clock cannot be moved). */
export async function setDeadlines(t: TestApp, id: string, deadlines: { proposal?: string; questions?: string }) {
  if (deadlines.proposal)
    await t.dataSource.query(`UPDATE opportunity SET proposal_deadline = now() + $2::interval WHERE id = $1`, [
      id,
      deadlines.proposal,
    ]);
  if (deadlines.questions)
    await t.dataSource.query(`UPDATE opportunity SET questions_deadline = now() + $2::interval WHERE id = $1`, [
      id,
      deadlines.questions,
    ]);
}

export interface OpportunityBody {
  id: string;
  reference: string;
  ocid: string;
  status: string;
  publicBody: { id: string; name: { fr: string; en: string | null }; acronym: string };
  criteria: { id: string; title: { fr: string; en: string | null }; weight: number; minimumRequired: boolean }[];
  estimatedValueCents: number;
  kPercent: number | null;
  proposalDeadline: string | null;
  questionsDeadline: string | null;
  complaintDeadline: string | null;
  publishedAt: string | null;
  addenda: { id: string; number: number; proposalDeadline: string; previousDeadline: string; affectsPrice: boolean }[];
  questions: { id: string; question: string; answer: { fr: string; en: string | null } | null }[];
  [key: string]: unknown;
}

// ─── Proposals ──────────────────────────────────────────────────────────────────────

/** A session for an account seeded in SQL (no password, no argon2): a real session (test/support/accounts.ts). */
export const sessionFor = openSession;

/** A vendor account and its organization (owner), seeded in SQL: fast, for many vendors at once. */
export async function seedVendor(
  t: TestApp,
  options: { language?: 'fr' | 'en'; name?: string } = {},
): Promise<Session & { vendorId: string; neq: string }> {
  const email = `${unique('fournisseur')}@exemple.quebec`;
  const [user] = (await t.dataSource.query(
    `INSERT INTO app_user (email, name, password_hash, role, preferred_language, active)
     VALUES ($1, $2, 'seeded-account-without-password', 'vendor', $3, true) RETURNING id`,
    [email, options.name ?? 'Fournisseur', options.language ?? 'fr'],
  )) as { id: string }[];
  const neq = nextNeq();
  const [org] = (await t.dataSource.query(
    `INSERT INTO vendor_organization (legal_name, neq, size, email, city, province, postal_code)
     VALUES ($1, $2, 'sme', $3, 'Québec', 'QC', 'G1R 4A5') RETURNING id`,
    [`Logiciels ${unique('Boréal')} inc.`, neq, email],
  )) as { id: string }[];
  await t.dataSource.query(`INSERT INTO vendor_membership (vendor_id, user_id, role) VALUES ($1, $2, 'owner')`, [
    org.id,
    user.id,
  ]);
  return { ...(await sessionFor(t, { id: user.id, email })), vendorId: org.id, neq };
}

/** A complete proposal body (every criterion answered, attestations given, a valid price). */
export function proposalBody(
  opportunity: Pick<OpportunityBody, 'criteria' | 'estimatedValueCents'>,
  vendorId: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    vendorId,
    responses: opportunity.criteria.map((c, i) => ({ criterionId: c.id, text: `Notre réponse au critère ${i + 1}.` })),
    priceCents: Math.floor(opportunity.estimatedValueCents * 0.8),
    attestations: { acceptTerms: true, acceptLicense: true, conflictOfInterest: { declared: false } },
    ...overrides,
  };
}

export interface ProposalBody {
  id: string;
  opportunityId: string;
  vendorId: string;
  status: string;
  version: number;
  priceCents: number | null;
  responses: { criterionId: string; text: string }[];
  submittedAt: string | null;
  receiptHash: string | null;
  attachments: { id: string; fileName: string; sha256: string }[];
}

/** A vendor member creates a draft proposal (201). */
export async function createProposal(
  t: TestApp,
  vendor: Session,
  opportunityId: string,
  body: Record<string, unknown>,
) {
  return (
    await t.http().post(`/api/v1/opportunities/${opportunityId}/proposals`).set(vendor.auth).send(body).expect(201)
  ).body as ProposalBody;
}

/** Submits (200); with an Idempotency-Key when given. */
export async function submitProposal(t: TestApp, vendor: Session, proposalId: string, idempotencyKey?: string) {
  const req = t.http().post(`/api/v1/proposals/${proposalId}/submit`).set(vendor.auth);
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  return (await req.expect(200)).body as {
    id: string;
    status: 'SUBMITTED';
    version: number;
    submittedAt: string;
    receiptHash: string;
  };
}

export async function withdrawProposal(t: TestApp, vendor: Session, proposalId: string) {
  return (await t.http().post(`/api/v1/proposals/${proposalId}/withdraw`).set(vendor.auth).expect(200)).body as {
    status: 'WITHDRAWN';
    version: number;
  };
}
