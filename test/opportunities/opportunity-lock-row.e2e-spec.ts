import type { Actor } from '../../src/common/auth/actor';
import { Opportunity } from '../../src/opportunities/entities/opportunity.entity';
import { lockVisibleOpportunity } from '../../src/opportunities/opportunity-locks';
import { createDraft } from '../support/opportunity-story';
import { buyerOfNewPublicBody, loginAsAdmin, publishOpportunity } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The opportunity's lock reads its row in plain SQL (src/database/entity-rows.ts): the entity it
 * gives every command must be the one TypeORM gives, value for value (dates, the numeric K,
 * the delivery date, arrays, JSON), on PostgreSQL and on the embedded PGlite.
 */
describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
])('lockVisibleOpportunity on %s: the same entity as TypeORM', (_name, embedded) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'lockrow', redis: false, embedded, env: { MIN_TENDER_PERIOD_DAYS: '0' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('hydrates every selected column as TypeORM does, with the lock and the database clock', async () => {
    const admin = await loginAsAdmin(t);
    const buyer = await buyerOfNewPublicBody(t, admin);
    const o = await publishOpportunity(t, { admin, buyer });
    const repo = t.dataSource.getRepository(Opportunity);
    const expected = await repo.findOneByOrFail({ id: o.id });
    const actor: Actor = {
      id: buyer.userId,
      role: 'buyer',
      email: 'x@y.z',
      name: 'Acheteur',
      publicBodyId: buyer.publicBodyId,
    };

    await t.dataSource.transaction(async (em) => {
      const locked = await lockVisibleOpportunity(em, actor, o.id, 'share');
      expect(locked.opportunity).toBeInstanceOf(Opportunity);
      expect(locked.opportunity).toEqual(expected);
      expect(typeof locked.opportunity.kPercent === 'string' || locked.opportunity.kPercent === null).toBe(true);
      const [{ now }] = await em.query(`SELECT date_trunc('milliseconds', now()) AS now`);
      expect(locked.now).toEqual(new Date(now));
      expect(locked.status).toBe('PUBLISHED');
    });
  });

  it('is NOT_FOUND for an actor who may not see it, like an absent one', async () => {
    const admin = await loginAsAdmin(t);
    const buyer = await buyerOfNewPublicBody(t, admin);
    const o = await createDraft(t, buyer);
    const vendor: Actor = { id: buyer.userId, role: 'vendor', email: 'v@y.z', name: 'Fournisseur', publicBodyId: null };
    await expect(t.dataSource.transaction((em) => lockVisibleOpportunity(em, vendor, o.id))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      t.dataSource.transaction((em) => lockVisibleOpportunity(em, vendor, '00000000-0000-4000-8000-000000000000')),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
