import type { TestApp } from './test-app';
import { Session, unique } from './sessions';
import { openSession } from './accounts';
import { nextNeq } from './organization-story';
import { OpportunityBody } from './opportunity-story';

/** A proposal's story: vendors (seeded or registered), drafts, submission, withdrawal. */

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
