import { join } from 'node:path';
import { DEMO_ACRONYM, DEMO_PASSWORD, seedDemo } from '../../src/demo/demo-seed';
import { HttpStep, runHttpFile } from '../support/http-file';
import { DEMO_RULE_SETTINGS, describeDemo } from '../../src/demo/demo-seed.cli';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/test-app';

/**
 * `npm run seed:demo` (issue 14): a newcomer gets opportunities in every state and accounts to
 * log in with; the seed goes through the HTTP API, and a second run creates nothing.
 */
describe('Demo data (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'demoseed', env: { ...DEMO_RULE_SETTINGS } });
    await t.app.listen(0, '127.0.0.1');
    base = `${(await t.app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1`;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds every state of the call for tenders, once, with accounts that log in', async () => {
    const report = await seedDemo(base, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(report.created).toBe(true);
    expect(report.opportunities.map((o) => o.status).sort()).toEqual(
      ['AWARDED', 'CANCELLED', 'DRAFT', 'EVALUATION', 'PUBLISHED', 'UNDER_REVIEW'].sort(),
    );
    for (const account of report.accounts.filter((a) => a.email !== ADMIN_EMAIL)) {
      const login = await t.http().post('/api/v1/auth/login').send({ email: account.email, password: DEMO_PASSWORD });
      expect([account.email, login.status]).toEqual([account.email, 200]);
      expect(login.body.user.role).toBe(account.role);
    }
    // The awarded one shows its public award notice; the public search finds the open one.
    const awarded = report.opportunities.find((o) => o.status === 'AWARDED')!;
    const notice = await t.http().get(`/api/v1/opportunities/${awarded.id}`).expect(200);
    expect(notice.body.award).toBeTruthy();
    const search = await t.http().get('/api/v1/opportunities').query({ q: 'donnees ouvertes' }).expect(200);
    expect(search.body.items.map((o: { id: string }) => o.id)).toContain(
      report.opportunities.find((o) => o.status === 'PUBLISHED')!.id,
    );
    expect(describeDemo(report)).toContain(DEMO_PASSWORD);

    const again = await seedDemo(base, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(again.created).toBe(false);
    const bodies = await t.http().get('/api/v1/public-bodies').query({ pageSize: 100 }).expect(200);
    expect(bodies.body.items.filter((b: { acronym: string }) => b.acronym === DEMO_ACRONYM)).toHaveLength(1);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM opportunity`);
    expect(count).toBe(report.opportunities.length);
  }, 180_000);

  it('runs the walkthrough (docs/walkthrough.http) over the seeded data, each step with its status', async () => {
    const [{ fy }] = await t.dataSource.query(
      `SELECT (extract(year FROM now() AT TIME ZONE 'America/Montreal')
               - CASE WHEN extract(month FROM now() AT TIME ZONE 'America/Montreal') < 4 THEN 1 ELSE 0 END)::int AS fy`,
    );
    const steps = await runHttpFile(join(__dirname, '../../docs/walkthrough.http'), {
      api: base,
      fiscalYear: String(fy),
    });
    const by = (title: string): HttpStep => steps.find((s) => s.title.startsWith(title))!;
    expect(steps.map((s) => [s.title, s.status])).toEqual(steps.map((s) => [s.title, s.expected]));
    expect(steps.length).toBeGreaterThanOrEqual(30);
    // What a user would check along the way.
    const receipt = by('Vendor alpha submits it').body as { status: string; receiptHash: string };
    expect(receipt).toMatchObject({ status: 'SUBMITTED', receiptHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const ranking = by('The ranking').body as { items: { rank: number | null; proposalId: string }[] };
    expect(ranking.items.filter((i) => i.rank === 1)).toHaveLength(1);
    const notice = by('Public: the award notice').body as { status: string; award: { vendorName: string } };
    expect(notice.status).toBe('AWARDED');
    expect(notice.award.vendorName).toBeTruthy();
    const releases = by('Open data: every OCDS release').body as { releases: { tag: string[] }[] };
    expect(releases.releases.flatMap((r) => r.tag)).toEqual(expect.arrayContaining(['tender', 'award', 'contract']));
    const csv = by('Open data: the contracts').body as string;
    expect(csv).toContain((by('The contract:').body as { reference: string }).reference);
    expect(by('Every command left a link').body).toMatchObject({ valid: true, firstBrokenSeq: null });
  }, 120_000);
});
