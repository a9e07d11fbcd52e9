/**
 * Demo data for a newcomer (`npm run seed:demo`): public bodies, buyers, a committee, vendors and
 * opportunities in every state of the call for tenders, created through the public HTTP API
 * exactly as users would (so every rule, audit event and e-mail applies), with the accounts to
 * log in with. Idempotent: a second run finds the demo public body and creates nothing.
 */

/** Every demo account shares this password (the demo is refused in production). */
export const DEMO_PASSWORD = 'Demo-Echanges-2026!';
/** The marker of a seeded database: the demo public body's acronym. */
export const DEMO_ACRONYM = 'DEMO-MCN';

export interface DemoAccount {
  email: string;
  role: string;
  label: string;
}

export interface DemoOpportunity {
  id: string;
  reference: string;
  status: string;
  title: string;
}

export interface DemoReport {
  created: boolean;
  accounts: DemoAccount[];
  opportunities: DemoOpportunity[];
}

interface Session {
  token: string;
  id: string;
  email: string;
}

class DemoApiError extends Error {}

/** A small JSON client over `fetch` for the API at `base` (…/api/v1). */
function client(base: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; expect?: number } = {},
  ): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    const expected = options.expect ?? (method === 'POST' ? 201 : 200);
    if (res.status !== expected) {
      throw new DemoApiError(`${method} ${path} → ${res.status} (attendu ${expected}) : ${text.slice(0, 500)}`);
    }
    return (text ? JSON.parse(text) : {}) as T;
  };
}

const CRITERIA = [
  {
    title: { fr: 'Compréhension du besoin', en: 'Understanding of the need' },
    description: { fr: 'La proposition reformule le besoin et ses contraintes.' },
    weight: 40,
    minimumRequired: false,
  },
  {
    title: { fr: 'Approche technique', en: 'Technical approach' },
    description: { fr: 'Architecture, tests, accessibilité.' },
    weight: 35,
    minimumRequired: true,
  },
  { title: { fr: 'Expérience', en: 'Experience' }, weight: 25, minimumRequired: false },
];

const TOPICS: { fr: string; en: string; skills: string[] }[] = [
  { fr: 'Module de prise de rendez-vous', en: 'Appointment booking module', skills: ['TypeScript', 'PostgreSQL'] },
  { fr: 'Formulaire de demande de permis', en: 'Permit application form', skills: ['React', 'Accessibilité'] },
  { fr: 'Tableau de bord des données ouvertes', en: 'Open data dashboard', skills: ['Python', 'Données ouvertes'] },
  { fr: 'Outil de traduction des avis publics', en: 'Public notice translation tool', skills: ['Node.js'] },
  { fr: 'Carte des chantiers routiers', en: 'Road works map', skills: ['Cartographie', 'JavaScript'] },
  { fr: 'Gestion des prêts de matériel', en: 'Equipment loan management', skills: ['Java', 'PostgreSQL'] },
];

function opportunityBody(topic: (typeof TOPICS)[number], deadline: Date, n: number) {
  const delivery = new Date(deadline.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  return {
    title: { fr: topic.fr, en: topic.en },
    summary: {
      fr: `${topic.fr} : un logiciel libre pour les citoyens.`,
      en: `${topic.en}: free software for citizens.`,
    },
    description: {
      fr: `## Contexte\n\nL’organisme souhaite un **${topic.fr.toLowerCase()}** publié sous licence libre.\n\n## Livrables\n\n- Code source et tests\n- Documentation en français`,
      en: `## Context\n\nThe body wants a **${topic.en.toLowerCase()}** published under a free licence.`,
    },
    skills: topic.skills,
    procurementMode: 'public',
    estimatedValueCents: 4_500_000 + n * 500_000,
    optionsDescription: null,
    evaluationMethod: 'adjusted_price',
    kPercent: 30,
    criteria: CRITERIA,
    acceptanceCriteria: [
      { fr: 'Tests automatisés couvrant les cas d’usage', en: 'Automated tests covering the use cases' },
    ],
    license: 'LiLiQ-P-1.1',
    forgeProjectPath: `demo/mcn/projet-${n}`,
    proposalDeadline: deadline.toISOString(),
    deliveryDueDate: delivery,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Seeds the API at `base` (e.g. `http://127.0.0.1:3000/api/v1`) as the administrator. The
 * server must run with `MIN_TENDER_PERIOD_DAYS=0` and `QUESTIONS_CLOSE_HOURS=0` so that the
 * opportunities in evaluation and awarded can reach their deadline within seconds.
 */
export async function seedDemo(
  base: string,
  admin: { email: string; password: string },
  log: (line: string) => void = () => {},
): Promise<DemoReport> {
  const call = client(base);
  const login = async (email: string): Promise<Session> => {
    const res = await call<{ accessToken: string; user: { id: string } }>('POST', '/auth/login', {
      body: { email, password: email === admin.email ? admin.password : DEMO_PASSWORD },
      expect: 200,
    });
    return { token: res.accessToken, id: res.user.id, email };
  };

  const bodies = await call<{ items: { id: string; acronym: string }[] }>('GET', '/public-bodies?pageSize=100');
  const adminSession = await login(admin.email);
  const demoAccounts = (): DemoAccount[] => [
    { email: admin.email, role: 'admin', label: 'Administrateur / Administrator' },
    { email: 'acheteuse@demo.echanges.quebec', role: 'buyer', label: 'Acheteuse (MCN) / Buyer' },
    { email: 'secretaire@demo.echanges.quebec', role: 'buyer', label: 'Secrétaire du comité / Committee secretary' },
    { email: 'evaluateur1@demo.echanges.quebec', role: 'buyer', label: 'Évaluateur (MCN) / Evaluator' },
    { email: 'evaluateur2@demo.echanges.quebec', role: 'buyer', label: 'Évaluatrice (MCN) / Evaluator' },
    { email: 'externe@demo.echanges.quebec', role: 'evaluator', label: 'Évaluateur externe / External evaluator' },
    { email: 'auditrice@demo.echanges.quebec', role: 'auditor', label: 'Auditrice / Auditor' },
    ...['alpha', 'beta', 'gamma'].map((v) => ({
      email: `${v}@demo.echanges.quebec`,
      role: 'vendor',
      label: `Fournisseur ${v} / Vendor`,
    })),
  ];

  if (bodies.items.some((b) => b.acronym === DEMO_ACRONYM)) {
    log('Données de démonstration déjà présentes : rien n’est créé. / Demo data already present.');
    const list = await call<{ items: { id: string; reference: string; status: string; title: { fr: string } }[] }>(
      'GET',
      '/opportunities?pageSize=100',
      { token: adminSession.token },
    );
    return {
      created: false,
      accounts: demoAccounts(),
      opportunities: list.items.map((o) => ({ id: o.id, reference: o.reference, status: o.status, title: o.title.fr })),
    };
  }

  log('Organismes publics… / Public bodies…');
  const mcn = await call<{ id: string }>('POST', '/public-bodies', {
    token: adminSession.token,
    body: {
      name: {
        fr: 'Ministère de la Cybersécurité et du Numérique (démo)',
        en: 'Ministry of Cybersecurity and Digital (demo)',
      },
      acronym: DEMO_ACRONYM,
      forgeGroupPath: 'demo/mcn',
    },
  });
  const saaq = await call<{ id: string }>('POST', '/public-bodies', {
    token: adminSession.token,
    body: {
      name: { fr: 'Société de démonstration', en: 'Demo corporation' },
      acronym: 'DEMO-SD',
      forgeGroupPath: 'demo/sd',
    },
  });

  log('Comptes… / Accounts…');
  const staff: [string, string, string, string | undefined][] = [
    ['acheteuse', 'Isabelle Tremblay', 'buyer', mcn.id],
    ['secretaire', 'Marc Gagnon', 'buyer', mcn.id],
    ['evaluateur1', 'Sophie Roy', 'buyer', mcn.id],
    ['evaluateur2', 'Julie Côté', 'buyer', mcn.id],
    ['acheteur-sd', 'Louis Bouchard', 'buyer', saaq.id],
    ['externe', 'Karim Benali', 'evaluator', undefined],
    ['auditrice', 'Nathalie Pelletier', 'auditor', undefined],
  ];
  for (const [user, name, role, publicBodyId] of staff) {
    await call('POST', '/users', {
      token: adminSession.token,
      body: { email: `${user}@demo.echanges.quebec`, name, role, publicBodyId, password: DEMO_PASSWORD },
    });
  }
  const [buyer, secretary, eval1, eval2, external] = await Promise.all(
    ['acheteuse', 'secretaire', 'evaluateur1', 'evaluateur2', 'externe'].map((u) => login(`${u}@demo.echanges.quebec`)),
  );

  const vendors: (Session & { vendorId: string; name: string })[] = [];
  for (const [i, v] of ['alpha', 'beta', 'gamma'].entries()) {
    const email = `${v}@demo.echanges.quebec`;
    const registered = await call<{ id: string }>('POST', '/auth/register', {
      body: { email, password: DEMO_PASSWORD, name: `Équipe ${v}`, preferredLanguage: 'fr' },
    });
    // The demo reads no mailbox: the admin confirms the address, as support would.
    await call('POST', `/users/${registered.id}/verify-email`, { token: adminSession.token, expect: 200 });
    const session = await login(email);
    const name = `${v[0].toUpperCase()}${v.slice(1)} Logiciels libres inc.`;
    const org = await call<{ id: string }>('POST', '/vendors', {
      token: session.token,
      body: {
        legalName: name,
        neq: `11${String(4_000_000 + i * 1_111).padStart(8, '0')}`,
        size: i === 0 ? 'micro' : 'sme',
        email,
        address: { city: 'Québec', province: 'QC', postalCode: 'G1R 4S9' },
      },
    });
    vendors.push({ ...session, vendorId: org.id, name });
  }

  const now = async () => new Date((await fetch(`${base}/opportunities?pageSize=1`)).headers.get('date') ?? Date.now());
  const opportunities: DemoOpportunity[] = [];
  const record = async (id: string) => {
    const o = await call<{ id: string; reference: string; status: string; title: { fr: string } }>(
      'GET',
      `/opportunities/${id}`,
      { token: adminSession.token },
    );
    opportunities.push({ id: o.id, reference: o.reference, status: o.status, title: o.title.fr });
  };
  const draft = async (n: number, deadline: Date) =>
    (
      await call<{ id: string; criteria: { id: string }[] }>('POST', '/opportunities', {
        token: buyer.token,
        body: opportunityBody(TOPICS[n], deadline, n),
      })
    ).id;
  const publish = async (id: string) => {
    await call('POST', `/opportunities/${id}/submit-for-review`, { token: buyer.token, expect: 200 });
    await call('POST', `/opportunities/${id}/publish`, { token: adminSession.token, body: {}, expect: 200 });
  };
  const inDays = async (days: number) => new Date((await now()).getTime() + days * 86_400_000);

  log('Opportunités… / Opportunities…');
  // A draft, one under review, one open for proposals, one cancelled.
  const d0 = await draft(0, await inDays(30));
  await record(d0);
  const d1 = await draft(1, await inDays(30));
  await call('POST', `/opportunities/${d1}/submit-for-review`, { token: buyer.token, expect: 200 });
  await record(d1);
  const open = await draft(2, await inDays(21));
  await publish(open);
  await call('POST', `/opportunities/${open}/subscriptions`, { token: vendors[2].token });
  await record(open);
  const cancelled = await draft(3, await inDays(25));
  await publish(cancelled);
  await call('POST', `/opportunities/${cancelled}/cancel`, {
    token: buyer.token,
    body: { reason: 'Besoin comblé autrement.' },
    expect: 200,
  });
  await record(cancelled);

  // Two opportunities whose deadline passes during the seeding: one stays in evaluation, one is awarded.
  const deadline = new Date((await now()).getTime() + 12_000);
  const evaluated = [await draft(4, deadline), await draft(5, deadline)];
  const proposals = new Map<string, string[]>();
  for (const id of evaluated) {
    await publish(id);
    await call('PUT', `/opportunities/${id}/committee`, {
      token: buyer.token,
      body: { secretaryId: secretary.id, evaluatorIds: [eval1.id, eval2.id, external.id] },
    });
    const o = await call<{ criteria: { id: string }[] }>('GET', `/opportunities/${id}`);
    const ids: string[] = [];
    for (const [i, v] of vendors.entries()) {
      const p = await call<{ id: string }>('POST', `/opportunities/${id}/proposals`, {
        token: v.token,
        body: {
          vendorId: v.vendorId,
          responses: o.criteria.map((c) => ({ criterionId: c.id, text: `Notre réponse (${v.name}).` })),
          priceCents: 4_000_000 + i * 250_000,
          attestations: { acceptTerms: true, acceptLicense: true, conflictOfInterest: { declared: false } },
        },
      });
      await call('POST', `/proposals/${p.id}/submit`, { token: v.token, expect: 200 });
      ids.push(p.id);
    }
    proposals.set(id, ids);
  }
  log('Attente de la date limite… / Waiting for the deadline…');
  while ((await now()).getTime() <= deadline.getTime() + 3000) await sleep(500);

  log('Évaluation… / Evaluation…');
  const committee = [secretary, eval1, eval2, external];
  for (const id of evaluated) {
    for (const member of committee) {
      await call('POST', `/opportunities/${id}/declarations`, {
        token: member.token,
        body: { confidentiality: true, conflictWithVendorIds: [] },
      });
    }
  }
  const awarded = evaluated[1];
  const o = await call<{ criteria: { id: string }[] }>('GET', `/opportunities/${awarded}`);
  for (const [i, proposalId] of proposals.get(awarded)!.entries()) {
    const score = 90 - i * 8;
    const scores = o.criteria.map((c) => ({ criterionId: c.id, score, comment: 'Solide. / Solid.' }));
    for (const evaluator of [eval1, eval2, external]) {
      await call('PUT', `/proposals/${proposalId}/scores`, { token: evaluator.token, body: { scores } });
    }
    await call('PUT', `/proposals/${proposalId}/consensus`, {
      token: secretary.token,
      body: { scores: o.criteria.map((c) => ({ criterionId: c.id, score, rationale: 'Consensus du comité.' })) },
    });
  }
  await call('POST', `/opportunities/${awarded}/evaluation/lock`, { token: secretary.token, expect: 200 });
  const ranking = await call<{ items: { proposalId: string; rank: number | null }[] }>(
    'GET',
    `/opportunities/${awarded}/ranking`,
    { token: secretary.token },
  );
  const first = ranking.items.find((r) => r.rank === 1)!;
  await call('POST', `/opportunities/${awarded}/award`, {
    token: buyer.token,
    body: { proposalId: first.proposalId },
    expect: 200,
  });
  for (const id of evaluated) await record(id);

  return { created: true, accounts: demoAccounts(), opportunities };
}
