import {
  buyerOfNewPublicBody,
  createDraft,
  expectEnvelope,
  loginAsAdmin,
  publishOpportunity,
  registerVendor,
  Session,
  submitForReview,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The staff's own lists: a buyer finds every opportunity of their public body, drafts and
 * opportunities under review included (the public search lists neither, O13); the admins find
 * what waits for their review, oldest first, without being handed an identifier.
 */
describe('Worklists: my opportunities, the review queue', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };
  let otherBuyer: Session & { publicBodyId: string };
  const ids: Record<string, string> = {};

  const get = (who: Session | null, path: string, query: Record<string, unknown> = {}) => {
    const req = t.http().get(`/api/v1/${path}`).query(query);
    return who ? req.set(who.auth) : req;
  };
  const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

  beforeAll(async () => {
    t = await startTestApp({ label: 'worklists', redis: false });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    otherBuyer = await buyerOfNewPublicBody(t, admin);
    ids.draft = (await createDraft(t, buyer, { title: { fr: 'Brouillon', en: 'Draft' } })).id;
    ids.firstReview = (await createDraft(t, buyer, { title: { fr: 'En examen 1' } })).id;
    await submitForReview(t, buyer, ids.firstReview);
    ids.otherReview = (await createDraft(t, otherBuyer, { title: { fr: 'Autre organisme' } })).id;
    await submitForReview(t, otherBuyer, ids.otherReview);
    ids.published = (await publishOpportunity(t, { admin, buyer })).id;
    ids.otherDraft = (await createDraft(t, otherBuyer)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a buyer lists every opportunity of their body, drafts included, most recently changed first', async () => {
    const res = await get(buyer, 'me/opportunities').expect(200);
    expect(idsOf(res)).toEqual([ids.published, ids.firstReview, ids.draft]);
    expect(res.body.total).toBe(3);
    expect(res.body.items[2]).toMatchObject({ status: 'DRAFT', title: { fr: 'Brouillon', en: 'Draft' } });
    expect(res.body.items[0].publicBodyAcronym).toEqual(expect.any(String));
    // Another body's buyer sees their own only.
    expect(idsOf(await get(otherBuyer, 'me/opportunities').expect(200)).sort()).toEqual(
      [ids.otherReview, ids.otherDraft].sort(),
    );
  });

  it('filters on the effective status and pages past the end with the total', async () => {
    expect(idsOf(await get(buyer, 'me/opportunities', { status: 'UNDER_REVIEW' }).expect(200))).toEqual([
      ids.firstReview,
    ]);
    const past = await get(buyer, 'me/opportunities', { page: 5, pageSize: 2 }).expect(200);
    expect(past.body).toEqual({ items: [], page: 5, pageSize: 2, total: 3 });
    // A published opportunity past its deadline reads as in evaluation before the closing job.
    await t.dataSource.query(`UPDATE opportunity SET proposal_deadline = now() - interval '1 second' WHERE id = $1`, [
      ids.published,
    ]);
    expect(idsOf(await get(buyer, 'me/opportunities', { status: 'EVALUATION' }).expect(200))).toEqual([ids.published]);
    expectEnvelope(await get(buyer, 'me/opportunities', { status: 'OUVERT' }).expect(400), 'VALIDATION_FAILED');
  });

  it('admins see what waits for review, every body, oldest first; nothing else', async () => {
    const res = await get(admin, 'review-queue').expect(200);
    expect(idsOf(res)).toEqual([ids.firstReview, ids.otherReview]);
    expect(res.body.items.map((i: { status: string }) => i.status)).toEqual(['UNDER_REVIEW', 'UNDER_REVIEW']);
    await t.http().post(`/api/v1/opportunities/${ids.firstReview}/publish`).set(admin.auth).expect(200);
    expect(idsOf(await get(admin, 'review-queue').expect(200))).toEqual([ids.otherReview]);
  });

  it('is for staff only: vendors 403, anonymous 401, buyers cannot read the queue', async () => {
    const vendor = await registerVendor(t);
    expectEnvelope(await get(vendor, 'me/opportunities').expect(403), 'FORBIDDEN');
    expectEnvelope(await get(vendor, 'review-queue').expect(403), 'FORBIDDEN');
    expectEnvelope(await get(buyer, 'review-queue').expect(403), 'FORBIDDEN');
    expectEnvelope(await get(admin, 'me/opportunities').expect(403), 'FORBIDDEN');
    expectEnvelope(await get(null, 'me/opportunities').expect(401), 'UNAUTHENTICATED');
  });
});
