import type { OpportunityStatus } from '../../src/opportunities/entities/opportunity.entity';
import { seedOpportunity, seedPublicBody, seedUser, Sql, sqlOf } from '../support/opportunity-seed';
import {
  createAccount,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** What the test seeds, and so what it expects the search to answer (the oracle). */
interface Spec {
  key: string;
  body: 0 | 1 | 2;
  title: string;
  summary?: string;
  status?: OpportunityStatus;
  mode?: 'public' | 'invitation';
  /** Hours from now to the proposal deadline (negative: past). */
  deadlineHours: number;
  /** Hours since publication. */
  publishedHoursAgo: number;
  valueCents: number;
  skills: string[];
  invited?: boolean;
}

interface Seeded extends Spec {
  id: string;
  reference: string;
}

interface Item {
  id: string;
  reference: string;
  title: { fr: string; en: string | null };
  status: string;
  publishedAt: string | null;
  proposalDeadline: string | null;
  questionsDeadline: string | null;
  estimatedValueCents: number;
  skills: string[];
  publicBody: { id: string; name: { fr: string; en: string | null }; acronym: string };
}

interface ListBody {
  items: Item[];
  page: number;
  pageSize: number;
  total: number;
}

const NAMED: Spec[] = [
  {
    key: 'rdv',
    body: 0,
    title: 'Développement d’une application web de prise de rendez-vous',
    summary: 'Les citoyens réserveront leurs rendez-vous en ligne.',
    deadlineHours: 20 * 24,
    publishedHoursAgo: 30,
    valueCents: 6_500_000,
    skills: ['TypeScript', 'PostgreSQL'],
  },
  {
    key: 'mobiles',
    body: 1,
    title: 'Refonte des applications mobiles des conducteurs',
    summary: 'Les applications actuelles ne sont plus maintenues.',
    deadlineHours: 40 * 24 + 1,
    publishedHoursAgo: 26,
    valueCents: 8_000_000,
    skills: ['Kotlin', 'Swift'],
  },
  {
    key: 'resume-seulement',
    body: 2,
    title: 'Tableau de bord des urgences',
    summary: 'Le développement se fera en équipe avec les urgentologues.',
    deadlineHours: 25 * 24 + 2,
    publishedHoursAgo: 50,
    valueCents: 3_000_000,
    skills: ['Python', 'postgresql'],
  },
  {
    key: 'ecoles',
    body: 0,
    title: 'Inscription en ligne aux écoles primaires',
    summary: 'Un formulaire unique pour toutes les commissions scolaires.',
    deadlineHours: 33 * 24 + 3,
    publishedHoursAgo: 70,
    valueCents: 4_200_000,
    skills: ['React'],
  },
  {
    key: 'echeance-passee',
    body: 1,
    title: 'Entrepôt de données pour l’évaluation foncière',
    summary: 'La date limite est passée, mais la fermeture n’a pas encore été matérialisée.',
    deadlineHours: -5,
    publishedHoursAgo: 20 * 24,
    valueCents: 2_500_000,
    skills: ['PostgreSQL'],
  },
  {
    key: 'paie',
    body: 2,
    status: 'AWARDED',
    title: 'Développement d’un module de paie',
    deadlineHours: -30 * 24,
    publishedHoursAgo: 50 * 24,
    valueCents: 7_000_000,
    skills: ['Java'],
  },
  {
    key: 'invitation-invitee',
    body: 0,
    mode: 'invitation',
    invited: true,
    title: 'Développement d’un outil de cartographie forestière',
    deadlineHours: 18 * 24 + 4,
    publishedHoursAgo: 10,
    valueCents: 5_000_000,
    skills: ['TypeScript'],
  },
  {
    key: 'invitation-personne',
    body: 1,
    mode: 'invitation',
    title: 'Migration du registre foncier',
    deadlineHours: 19 * 24 + 5,
    publishedHoursAgo: 12,
    valueCents: 5_500_000,
    skills: ['Java'],
  },
  {
    key: 'brouillon',
    body: 0,
    status: 'DRAFT',
    title: 'Développement d’un prototype brouillon',
    deadlineHours: 30 * 24,
    publishedHoursAgo: 0,
    valueCents: 1_000_000,
    skills: ['TypeScript'],
  },
  {
    key: 'revision',
    body: 0,
    status: 'UNDER_REVIEW',
    title: 'Développement en révision par l’administration',
    deadlineHours: 30 * 24,
    publishedHoursAgo: 0,
    valueCents: 1_000_000,
    skills: ['TypeScript'],
  },
  {
    key: 'brouillon-invitation',
    body: 1,
    status: 'DRAFT',
    mode: 'invitation',
    invited: true,
    title: 'Développement brouillon sur invitation',
    deadlineHours: 30 * 24,
    publishedHoursAgo: 0,
    valueCents: 1_000_000,
    skills: ['TypeScript'],
  },
];

/** Filler: words that the q assertions do not look for (no "développ…", no "application"). */
const FILLER_ACTIONS = ['Refonte', 'Modernisation', 'Migration', 'Maintenance', 'Intégration', 'Automatisation'];
const FILLER_OBJECTS = [
  'du portail citoyen',
  'du tableau de bord',
  'du registre électronique',
  'du moteur de recherche',
  'de l’entrepôt de données',
  'du formulaire en ligne',
];
const FILLER_DOMAINS = [
  'des permis',
  'du transport scolaire',
  'des inspections',
  'des subventions',
  'des bibliothèques',
  'de la faune',
  'des forêts',
  'des appels d’urgence',
];
const FILLER_SKILLS = ['TypeScript', 'PostgreSQL', 'Java', 'Python', 'React', 'Drupal', 'Accessibilité', 'Sécurité'];

function fillerSpecs(): Spec[] {
  return Array.from({ length: 40 }, (_, i): Spec => {
    const status: OpportunityStatus =
      ({ 3: 'EVALUATION', 6: 'AWARDED', 8: 'CANCELLED', 9: 'UNSUCCESSFUL' } as Record<number, OpportunityStatus>)[
        i % 10
      ] ?? 'PUBLISHED';
    const past = status !== 'PUBLISHED' && status !== 'CANCELLED' ? true : status === 'PUBLISHED' && i % 7 === 2;
    return {
      key: `lot-${i}`,
      body: (i % 3) as 0 | 1 | 2,
      status,
      title: `${FILLER_ACTIONS[i % 6]} ${FILLER_OBJECTS[(i * 5) % 6]} ${FILLER_DOMAINS[(i * 7) % 8]} (lot ${i + 1})`,
      summary: 'Projet de logiciel libre pour un organisme public.',
      deadlineHours: past ? -(6 + i) : 24 * (3 + ((i * 7) % 50)) + i,
      publishedHoursAgo: 100 + i * 7,
      valueCents: 1_000_000 + ((i * 370_001) % 7_900_000),
      skills: [...new Set([FILLER_SKILLS[i % 8], FILLER_SKILLS[(i * 3 + 1) % 8]])],
    };
  });
}

const effectiveStatus = (s: Spec) =>
  (s.status ?? 'PUBLISHED') === 'PUBLISHED' && s.deadlineHours <= 0 ? 'EVALUATION' : (s.status ?? 'PUBLISHED');
const listable = (s: Spec) => !['DRAFT', 'UNDER_REVIEW'].includes(s.status ?? 'PUBLISHED');
const anonymousSees = (s: Spec) => listable(s) && (s.mode ?? 'public') === 'public';
const invitedSees = (s: Spec) => listable(s) && ((s.mode ?? 'public') === 'public' || s.invited === true);

describe('GET /api/v1/opportunities (public search)', () => {
  let t: TestApp;
  let sql: Sql;
  let bodies: { id: string }[];
  let seeded: Seeded[];
  let invitedVendor: Session;
  let otherVendor: Session;
  let admin: Session;

  const byKey = (key: string) => seeded.find((s) => s.key === key)!;
  const refs = (specs: Spec[]) => (specs as Seeded[]).map((s) => s.reference).sort();

  async function list(query: Record<string, string | number | string[]>, auth?: Session): Promise<ListBody> {
    const req = t.http().get('/api/v1/opportunities').query(query);
    if (auth) req.set(auth.auth);
    const res = await req;
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    return res.body as ListBody;
  }

  /** Every page of a query, checking that pages neither overlap nor skip. */
  async function all(
    query: Record<string, string | number | string[]>,
    auth?: Session,
    pageSize = 100,
  ): Promise<{ items: Item[]; total: number }> {
    const items: Item[] = [];
    let total = -1;
    for (let page = 1; ; page += 1) {
      const body = await list({ ...query, page, pageSize }, auth);
      if (total >= 0) expect(body.total).toBe(total);
      total = body.total;
      items.push(...body.items);
      if (body.items.length < pageSize) break;
    }
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.length).toBe(total);
    return { items, total };
  }

  const references = (items: Item[]) => items.map((i) => i.reference).sort();

  beforeAll(async () => {
    // API role: no closing job runs, so a PUBLISHED row past its deadline stays PUBLISHED in the table.
    t = await startTestApp({ label: 'search', env: { APP_ROLE: 'api' } });
    sql = sqlOf(t.dataSource);
    admin = await loginAsAdmin(t);
    bodies = [
      await seedPublicBody(sql, {
        acronym: 'MCN',
        nameFr: 'Ministère de la Cybersécurité et du Numérique',
        nameEn: 'Ministry of Cybersecurity and Digital Technology',
      }),
      await seedPublicBody(sql, { acronym: 'SAAQ', nameFr: 'Société de l’assurance automobile du Québec' }),
      await seedPublicBody(sql, { acronym: 'RAMQ', nameFr: 'Régie de l’assurance maladie du Québec' }),
    ];
    const author = await seedUser(sql, {
      email: 'acheteur.auteur@gouv.qc.ca',
      role: 'buyer',
      publicBodyId: bodies[0].id,
    });
    invitedVendor = await registerVendor(t, 'Fournisseur invité');
    const invitedOrg = await createVendorOrganization(t, invitedVendor);
    otherVendor = await registerVendor(t, 'Autre fournisseur');
    await createVendorOrganization(t, otherVendor);

    seeded = [];
    for (const spec of [...NAMED, ...fillerSpecs()]) {
      const row = await seedOpportunity(sql, {
        publicBodyId: bodies[spec.body].id,
        createdById: author.id,
        status: spec.status ?? 'PUBLISHED',
        title: spec.title,
        summary: spec.summary,
        skills: spec.skills,
        procurementMode: spec.mode ?? 'public',
        estimatedValueCents: spec.valueCents,
        deadlineIn: `${spec.deadlineHours} hours`,
        publishedAgo: `${spec.publishedHoursAgo} hours`,
        invitedVendorIds: spec.invited ? [invitedOrg.id] : [],
      });
      seeded.push({ ...spec, ...row });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('full text (French, accents and word forms)', () => {
    it('finds "Développement" from "developpement", whatever the case, and never a draft', async () => {
      const expected = refs(
        seeded.filter((s) => anonymousSees(s) && /développement/i.test(`${s.title} ${s.summary ?? ''}`)),
      );
      expect(expected).toEqual(refs([byKey('rdv'), byKey('resume-seulement'), byKey('paie')]));
      for (const q of ['developpement', 'DÉVELOPPEMENT', 'Developpements']) {
        const { items } = await all({ q });
        expect([q, references(items)]).toEqual([q, expected]);
      }
    });

    it('finds singular and plural forms: "applications" finds "application", "ecole" finds "écoles"', async () => {
      expect(references((await all({ q: 'applications' })).items)).toEqual(refs([byKey('rdv'), byKey('mobiles')]));
      expect(references((await all({ q: 'application' })).items)).toEqual(refs([byKey('rdv'), byKey('mobiles')]));
      expect(references((await all({ q: 'ecole' })).items)).toEqual(refs([byKey('ecoles')]));
    });

    it('supports web-search syntax: phrases and exclusions', async () => {
      expect(references((await all({ q: '"application web"' })).items)).toEqual(refs([byKey('rdv')]));
      expect(references((await all({ q: 'developpement -paie -urgences' })).items)).toEqual(refs([byKey('rdv')]));
    });

    it('sorts by relevance when q is given: a title match before a summary-only match', async () => {
      const { items } = await list({ q: 'développement' });
      const order = items.map((i) => i.reference);
      expect(order.indexOf(byKey('rdv').reference)).toBeLessThan(order.indexOf(byKey('resume-seulement').reference));
      expect(order.indexOf(byKey('paie').reference)).toBeLessThan(order.indexOf(byKey('resume-seulement').reference));
    });

    it('treats a blank q as no q', async () => {
      expect((await list({ q: '   ' })).total).toBe(seeded.filter(anonymousSees).length);
    });
  });

  describe('visibility', () => {
    it('lists every listable public opportunity for anonymous callers, with an exact total', async () => {
      const { items, total } = await all({}, undefined, 7);
      expect(total).toBe(seeded.filter(anonymousSees).length);
      expect(references(items)).toEqual(refs(seeded.filter(anonymousSees)));
    });

    it('never lists DRAFT or UNDER_REVIEW, for anyone, even the owning buyer and admins', async () => {
      const hidden = new Set(seeded.filter((s) => !listable(s)).map((s) => s.id));
      expect(hidden.size).toBe(3);
      const buyer = await createAccount(t, admin, 'buyer', bodies[0].id);
      for (const who of [undefined, invitedVendor, otherVendor, buyer, admin]) {
        const { items } = await all({}, who);
        expect(items.filter((i) => hidden.has(i.id))).toEqual([]);
        expect((await list({ q: 'brouillon' }, who)).total).toBe(0);
        expect((await list({ q: 'révision' }, who)).total).toBe(0);
      }
    });

    it('shows invitation-mode opportunities to invited vendors only', async () => {
      const invitation = byKey('invitation-invitee');
      const anonymous = await all({});
      expect(anonymous.items.map((i) => i.id)).not.toContain(invitation.id);
      const other = await all({}, otherVendor);
      expect(references(other.items)).toEqual(refs(seeded.filter(anonymousSees)));

      const invited = await all({}, invitedVendor);
      expect(references(invited.items)).toEqual(refs(seeded.filter(invitedSees)));
      expect(invited.items.map((i) => i.id)).toContain(invitation.id);
      expect(invited.items.map((i) => i.id)).not.toContain(byKey('invitation-personne').id);
      expect(references((await all({ q: 'cartographie' }, invitedVendor)).items)).toEqual([invitation.reference]);
      expect((await list({ q: 'cartographie' })).total).toBe(0);
      expect((await list({ q: 'cartographie' }, otherVendor)).total).toBe(0);
    });

    it('reads an invalid token on this public route as anonymous', async () => {
      const res = await t.http().get('/api/v1/opportunities').set('Authorization', 'Bearer pas-un-jeton').expect(200);
      expect(res.body.total).toBe(seeded.filter(anonymousSees).length);
    });
  });

  describe('filters', () => {
    it('filters on the effective status (a PUBLISHED row past its deadline is EVALUATION)', async () => {
      const stored = await sql(`SELECT status FROM opportunity WHERE id = $1`, [byKey('echeance-passee').id]);
      expect(stored[0].status).toBe('PUBLISHED');

      for (const status of ['PUBLISHED', 'EVALUATION', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED']) {
        const { items } = await all({ status });
        expect([status, references(items)]).toEqual([
          status,
          refs(seeded.filter((s) => anonymousSees(s) && effectiveStatus(s) === status)),
        ]);
        expect(items.every((i) => i.status === status)).toBe(true);
      }
      const evaluation = await all({ status: 'EVALUATION' });
      expect(evaluation.items.map((i) => i.id)).toContain(byKey('echeance-passee').id);

      const several = await all({ status: 'AWARDED,CANCELLED' });
      expect(references(several.items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && ['AWARDED', 'CANCELLED'].includes(effectiveStatus(s)))),
      );
      const repeated = await all({ status: ['AWARDED', 'CANCELLED'] });
      expect(references(repeated.items)).toEqual(references(several.items));
    });

    it('filters on the public body', async () => {
      for (const [index, body] of bodies.entries()) {
        const { items } = await all({ publicBodyId: body.id });
        expect(references(items)).toEqual(refs(seeded.filter((s) => anonymousSees(s) && s.body === index)));
        expect(items.every((i) => i.publicBody.id === body.id)).toBe(true);
      }
    });

    it('filters on skills without regard to case; several skills are all required', async () => {
      const has = (s: Spec, skill: string) => s.skills.some((k) => k.toLowerCase() === skill.toLowerCase());
      const ts = await all({ skill: 'typescript' });
      expect(references(ts.items)).toEqual(refs(seeded.filter((s) => anonymousSees(s) && has(s, 'typescript'))));
      expect(ts.total).toBeGreaterThan(3);

      const both = await all({ skill: ['TYPESCRIPT', 'PostgreSQL'] });
      const expected = refs(seeded.filter((s) => anonymousSees(s) && has(s, 'typescript') && has(s, 'postgresql')));
      expect(references(both.items)).toEqual(expected);
      expect(expected).toContain(byKey('rdv').reference);
      expect(references((await all({ skill: 'typescript,postgresql' })).items)).toEqual(expected);
      expect(references((await all({ skill: 'POSTGRESQL' })).items)).toContain(byKey('resume-seulement').reference);
      expect(references((await all({ skill: 'accessibilité' })).items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && has(s, 'Accessibilité'))),
      );
    });

    it('filters on the estimated value, bounds included', async () => {
      const min = 3_000_000;
      const max = 6_500_000;
      const { items } = await all({ minValueCents: min, maxValueCents: max });
      expect(references(items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && s.valueCents >= min && s.valueCents <= max)),
      );
      expect(references(items)).toEqual(
        expect.arrayContaining([byKey('rdv').reference, byKey('resume-seulement').reference]),
      );
      expect(references((await all({ minValueCents: 7_000_000 })).items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && s.valueCents >= 7_000_000)),
      );
      expect(references((await all({ maxValueCents: 2_500_000 })).items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && s.valueCents <= 2_500_000)),
      );
    });

    it('filters on the proposal deadline (closingAfter included, closingBefore excluded)', async () => {
      const [{ after, before }] = await sql(
        `SELECT to_char((now() + interval '10 days 30 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS after,
                to_char((now() + interval '30 days 30 minutes') AT TIME ZONE 'America/Montreal', 'YYYY-MM-DD"T"HH24:MI:SS') || '-05:00' AS before`,
      );
      // "before" is written with a fixed -05:00 offset: compare in the same terms.
      const beforeHours = (Date.parse(before) - Date.parse(after)) / 3_600_000 + 10 * 24 + 0.5;
      const inRange = (s: Spec) => s.deadlineHours >= 10 * 24 + 0.5 && s.deadlineHours < beforeHours;
      const { items } = await all({ closingAfter: after, closingBefore: before });
      expect(references(items)).toEqual(refs(seeded.filter((s) => anonymousSees(s) && inRange(s))));
      expect(items.length).toBeGreaterThan(3);
      expect(references((await all({ closingAfter: after })).items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && s.deadlineHours >= 10 * 24 + 0.5)),
      );
    });

    it('reads a date-only bound as midnight in Montréal', async () => {
      const [{ tomorrow }] = await sql(`SELECT ((now() AT TIME ZONE 'America/Montreal')::date + 1)::text AS tomorrow`);
      const [{ hours }] = await sql(
        `SELECT extract(epoch FROM (($1::date::timestamp AT TIME ZONE 'America/Montreal') - now())) / 3600 AS hours`,
        [tomorrow],
      );
      const { items } = await all({ closingBefore: tomorrow });
      expect(references(items)).toEqual(
        refs(seeded.filter((s) => anonymousSees(s) && s.deadlineHours < Number(hours))),
      );
    });

    it('combines filters', async () => {
      const { items } = await all({ q: 'developpement', skill: 'typescript', status: 'PUBLISHED' }, invitedVendor);
      expect(references(items)).toEqual(refs([byKey('rdv'), byKey('invitation-invitee')]));
    });
  });

  describe('sorting and pagination', () => {
    const times = (items: Item[], field: 'publishedAt' | 'proposalDeadline') => items.map((i) => Date.parse(i[field]!));

    it('sorts by deadline, ascending, across pages', async () => {
      const { items } = await all({ sort: 'deadline' }, undefined, 6);
      const expected = seeded.filter(anonymousSees).sort((a, b) => a.deadlineHours - b.deadlineHours);
      expect(items.map((i) => i.reference)).toEqual(expected.map((s) => (s as Seeded).reference));
      const deadlines = times(items, 'proposalDeadline');
      expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    });

    it('sorts by publication, most recent first (the default without q)', async () => {
      const expected = seeded.filter(anonymousSees).sort((a, b) => a.publishedHoursAgo - b.publishedHoursAgo);
      for (const query of [{ sort: '-publishedAt' }, {}] as Record<string, string>[]) {
        const { items } = await all(query, undefined, 9);
        expect(items.map((i) => i.reference)).toEqual(expected.map((s) => (s as Seeded).reference));
      }
    });

    it('sorts by value, ascending', async () => {
      const { items } = await all({ sort: 'value' }, undefined, 8);
      const values = items.map((i) => i.estimatedValueCents);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(items.length).toBe(seeded.filter(anonymousSees).length);
    });

    it('lets an explicit sort override relevance', async () => {
      const { items } = await all({ q: 'developpement', sort: 'value' });
      expect(items.map((i) => i.reference)).toEqual(
        [byKey('resume-seulement'), byKey('rdv'), byKey('paie')].map((s) => s.reference),
      );
    });

    it('gives an exact total on every page, also past the end', async () => {
      const total = seeded.filter(anonymousSees).length;
      const first = await list({ page: 1, pageSize: 5 });
      expect(first).toEqual(expect.objectContaining({ page: 1, pageSize: 5, total }));
      expect(first.items).toHaveLength(5);
      const last = await list({ page: Math.ceil(total / 5), pageSize: 5 });
      expect(last.items).toHaveLength(total % 5 || 5);
      expect(last.total).toBe(total);
      const beyond = await list({ page: 100, pageSize: 5 });
      expect(beyond).toEqual({ items: [], page: 100, pageSize: 5, total, totalIsEstimate: false });
      const defaults = await list({});
      expect([defaults.page, defaults.pageSize, defaults.items.length]).toEqual([1, 20, 20]);
    });

    it('gives the same exact totals for full-text and skill searches (counted with the page)', async () => {
      const dev = await all({ q: 'developpement', sort: 'deadline' }, undefined, 2);
      expect(dev.total).toBe(3);
      expect(await list({ q: 'developpement', page: 9, pageSize: 2 })).toEqual({
        items: [],
        page: 9,
        pageSize: 2,
        total: 3,
        totalIsEstimate: false,
      });
      const java = seeded.filter((s) => anonymousSees(s) && s.skills.includes('Java')).length;
      expect(java).toBeGreaterThan(4);
      expect((await all({ skill: 'java', sort: 'value' }, undefined, 3)).total).toBe(java);
      expect(await list({ skill: 'java', page: 50, pageSize: 3 })).toEqual({
        items: [],
        page: 50,
        pageSize: 3,
        total: java,
        totalIsEstimate: false,
      });
    });
  });

  it('answers summaries with the public body, the effective status and ISO dates', async () => {
    const rdv = byKey('rdv');
    const { items } = await list({ q: '"prise de rendez-vous"' });
    expect(items).toEqual([
      {
        id: rdv.id,
        reference: rdv.reference,
        title: { fr: rdv.title, en: null },
        summary: { fr: rdv.summary, en: null },
        publicBody: {
          id: bodies[0].id,
          name: {
            fr: 'Ministère de la Cybersécurité et du Numérique',
            en: 'Ministry of Cybersecurity and Digital Technology',
          },
          acronym: 'MCN',
        },
        skills: ['TypeScript', 'PostgreSQL'],
        estimatedValueCents: 6_500_000,
        procurementMode: 'public',
        evaluationMethod: 'adjusted_price',
        status: 'PUBLISHED',
        publishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        proposalDeadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        questionsDeadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    const deadline = Date.parse(items[0].proposalDeadline!);
    expect(Date.parse(items[0].questionsDeadline!)).toBe(deadline - 72 * 3_600_000);
  });

  describe('validation', () => {
    it.each([
      [{ status: 'DRAFT' }, 'status'],
      [{ status: 'PUBLISHED,UNDER_REVIEW' }, 'status'],
      [{ sort: 'title' }, 'sort'],
      [{ sort: 'relevance' }, 'sort'],
      [{ minValueCents: 'abc' }, 'minValueCents'],
      [{ minValueCents: '-1' }, 'minValueCents'],
      [{ maxValueCents: '99999999999' }, 'maxValueCents'],
      [{ minValueCents: '500', maxValueCents: '100' }, 'maxValueCents'],
      [{ publicBodyId: 'pas-un-uuid' }, 'publicBodyId'],
      [{ closingAfter: '2027-13-01' }, 'closingAfter'],
      [{ closingAfter: '2027-02-30' }, 'closingAfter'],
      [{ closingBefore: '2027-01-20T14:00:00' }, 'closingBefore'],
      [{ closingBefore: 'demain' }, 'closingBefore'],
      [{ pageSize: '101' }, 'pageSize'],
      [{ page: '0' }, 'page'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ inconnu: '1' }, 'inconnu'],
    ])('refuses %j with a 400 on the path %s', async (query, path) => {
      const res = await t.http().get('/api/v1/opportunities').query(query).expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
      for (const field of res.body.error.details.fields) expect(field.message).not.toMatch(/must|should/);
    });
  });
});
