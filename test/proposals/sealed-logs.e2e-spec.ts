import { LoggerService } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/test-app';
import {
  buyerOfNewPublicBody,
  createProposal,
  loginAsAdmin,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
  submitProposal,
  withdrawProposal,
} from '../support/scenario';

/** Keeps every line the application logs, at every level. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push(`${level} ${JSON.stringify([message, ...rest])}`);
  }
  log(message: unknown, ...rest: unknown[]) {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.keep('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.keep('fatal', message, rest);
  }
}

describe('Sealed content never reaches the logs', () => {
  const logger = new CapturingLogger();
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'sealedlogs', logger, env: { LOG_LEVEL: 'verbose' } });
    admin = await loginAsAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs no response text, price or receipt of a proposal, at any level, even on refused requests', async () => {
    const buyer = await buyerOfNewPublicBody(t, admin);
    const opportunity = await publishOpportunity(t, { admin, buyer });
    const vendor = await seedVendor(t);
    const secretText = 'Notre-approche-confidentielle-Zyx';
    const body = proposalBody(opportunity, vendor.vendorId, { priceCents: 4_321_987 });
    body.responses = body.responses.map((r: { criterionId: string; text: string }) => ({
      ...r,
      text: `${secretText} ${r.criterionId}`,
    }));
    const draft = await createProposal(t, vendor, opportunity.id, body);
    await t.http().patch(`/api/v1/proposals/${draft.id}`).set(vendor.auth).send({ priceCents: 99_999_999 }).expect(422);
    await t
      .http()
      .patch(`/api/v1/proposals/${draft.id}`)
      .set(vendor.auth)
      .send({ priceCents: 4_321_988, unknownField: secretText })
      .expect(400);
    const receipt = await submitProposal(t, vendor, draft.id);
    await withdrawProposal(t, vendor, draft.id);
    await t.relay.flush();

    expect(logger.lines.length).toBeGreaterThan(0); // the capture works: start-up lines at least
    const everything = logger.lines.join('\n');
    for (const secret of [secretText, '4321987', '4321988', '43219.87', receipt.receiptHash]) {
      expect(everything).not.toContain(secret);
    }
  });
});
