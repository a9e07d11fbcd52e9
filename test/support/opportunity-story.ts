import type { TestApp } from './test-app';
import { Session, createAccount, createPublicBody, registerVendor, unique } from './sessions';

/** An opportunity's story over the HTTP API: draft, review, publication, invitations, questions, deadlines. */

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
