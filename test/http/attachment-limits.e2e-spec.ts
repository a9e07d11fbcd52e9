import {
  buyerOfNewPublicBody,
  createProposal,
  expectEnvelope,
  loginAsAdmin,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** Issue 13 (Low 12): a proposal holds a bounded number and total size of attachments. */
describe('Limits on the attachments of a proposal', () => {
  let t: TestApp;
  let opportunity: OpportunityBody;

  beforeAll(async () => {
    t = await startTestApp({
      label: 'attachlimits',
      redis: false,
      env: { PROPOSAL_ATTACHMENTS_MAX_COUNT: '3', PROPOSAL_ATTACHMENTS_MAX_TOTAL_BYTES: '10000' },
    });
    const admin = await loginAsAdmin(t);
    opportunity = await publishOpportunity(t, { admin, buyer: await buyerOfNewPublicBody(t, admin) });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a fourth file, and a file past the total size, with 422 ATTACHMENTS_LIMIT; a removed file frees its place', async () => {
    const vendor = await seedVendor(t);
    const proposal = await createProposal(t, vendor, opportunity.id, proposalBody(opportunity, vendor.vendorId));
    const upload = (bytes: number, name = 'annexe.txt') =>
      t
        .http()
        .post(`/api/v1/proposals/${proposal.id}/attachments`)
        .set(vendor.auth)
        .attach('file', Buffer.alloc(bytes, 'a'), { filename: name, contentType: 'text/plain' });

    const first = await upload(4000).expect(201);
    await upload(4000).expect(201);
    const tooBig = await upload(2001);
    expect(tooBig.status).toBe(422);
    expectEnvelope(tooBig, 'ATTACHMENTS_LIMIT');
    expect(tooBig.body.error.details).toEqual({ maxCount: 3, maxTotalBytes: 10000 });
    await upload(2000).expect(201);
    expectEnvelope(await upload(1).expect(422), 'ATTACHMENTS_LIMIT');

    await t.http().delete(`/api/v1/proposals/${proposal.id}/attachments/${first.body.id}`).set(vendor.auth).expect(204);
    await upload(1).expect(201);
  });
});
