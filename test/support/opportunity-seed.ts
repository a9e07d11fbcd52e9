import type { I18nText } from '../../src/common/util/i18n-text';
import type {
  EvaluationMethod,
  OpportunityStatus,
  ProcurementMode,
} from '../../src/opportunities/entities/opportunity.entity';

/**
 * Seeds opportunities with plain SQL, while the lifecycle endpoints are being built, and
 * bulk-seeds the bench. Every time is relative to the database clock (`now() + interval`),
 * never to Node's. Works with a TypeORM DataSource (`sqlOf(dataSource)`) or a pg client
 * (`sqlOfPg(client)`).
 */
export type Sql = (sql: string, params?: unknown[]) => Promise<Record<string, any>[]>;

/** node-postgres returns UPDATE … RETURNING as [rows, count] through TypeORM. */
const rowsOf = (result: unknown): Record<string, any>[] =>
  (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Record<string, any>[];

export const sqlOf =
  (db: { query(sql: string, params?: unknown[]): Promise<unknown> }): Sql =>
  async (sql, params) =>
    rowsOf(await db.query(sql, params));

export const sqlOfPg =
  (client: { query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, any>[] }> }): Sql =>
  async (sql, params) =>
    (await client.query(sql, params)).rows;

const i18n = (t: string | I18nText): I18nText => (typeof t === 'string' ? { fr: t } : t);

export async function seedPublicBody(
  sql: Sql,
  options: { acronym: string; nameFr?: string; nameEn?: string | null },
): Promise<{ id: string }> {
  const [row] = await sql(
    `INSERT INTO public_body (name_fr, name_en, acronym, forge_group_path) VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      options.nameFr ?? `Organisme ${options.acronym}`,
      options.nameEn ?? null,
      options.acronym,
      `gouv/${options.acronym.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
    ],
  );
  return { id: row.id };
}

/** An account that cannot log in (no usable password): an author or a notification recipient. */
export async function seedUser(
  sql: Sql,
  options: {
    email: string;
    role: 'admin' | 'buyer' | 'vendor' | 'auditor' | 'evaluator';
    publicBodyId?: string | null;
    name?: string;
    preferredLanguage?: 'fr' | 'en';
    active?: boolean;
  },
): Promise<{ id: string; email: string }> {
  const [row] = await sql(
    `INSERT INTO app_user (email, name, password_hash, role, public_body_id, preferred_language, active)
     VALUES (lower($1), $2, 'seeded-account-without-password', $3, $4, $5, $6) RETURNING id, email`,
    [
      options.email,
      options.name ?? options.email,
      options.role,
      options.publicBodyId ?? null,
      options.preferredLanguage ?? 'fr',
      options.active ?? true,
    ],
  );
  return { id: row.id, email: row.email };
}

export interface SeedCriterion {
  title: string;
  weight: number;
  minimumRequired?: boolean;
}

export const DEFAULT_CRITERIA: SeedCriterion[] = [
  { title: 'Compréhension du besoin', weight: 40 },
  { title: 'Approche technique', weight: 35, minimumRequired: true },
  { title: 'Expérience', weight: 25 },
];

export interface SeedOpportunityOptions {
  publicBodyId: string;
  createdById: string;
  status?: OpportunityStatus;
  title: string | I18nText;
  summary?: string | I18nText;
  description?: string | I18nText;
  skills?: string[];
  procurementMode?: ProcurementMode;
  estimatedValueCents?: number;
  evaluationMethod?: EvaluationMethod;
  /** PostgreSQL interval from now to the deadline; negative when already past (`'-2 days'`). */
  deadlineIn?: string;
  /** PostgreSQL interval from publication to now (ignored for DRAFT and UNDER_REVIEW). */
  publishedAgo?: string;
  criteria?: SeedCriterion[];
  /** Vendor organizations invited (invitation mode). */
  invitedVendorIds?: string[];
}

/**
 * One opportunity in any status. References are `EEC-2099-NNNN` from a counter of their own
 * (kind `seed`), so they never collide with the ones the lifecycle hands out.
 */
export async function seedOpportunity(sql: Sql, o: SeedOpportunityOptions): Promise<{ id: string; reference: string }> {
  const status = o.status ?? 'PUBLISHED';
  const published = !['DRAFT', 'UNDER_REVIEW'].includes(status);
  const method = o.evaluationMethod ?? 'adjusted_price';
  const [row] = await sql(
    `WITH n AS (
       INSERT INTO reference_counter (kind, year, last_value) VALUES ('seed', 2099, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counter.last_value + 1
       RETURNING last_value),
     t AS (SELECT now() + $12::interval AS deadline, CASE WHEN $13::boolean THEN now() - $14::interval END AS published)
     INSERT INTO opportunity (reference, ocid, public_body_id, created_by_id, status, title, summary, description, skills,
                              procurement_mode, estimated_value_cents, evaluation_method, k_percent, acceptance_criteria,
                              license, forge_project_path, delivery_due_date, proposal_deadline, questions_deadline,
                              complaint_deadline, published_at, closed_at, cancellation_reason, cancelled_at)
     SELECT 'EEC-2099-' || lpad(n.last_value::text, 4, '0'), 'ocds-ech000-EEC-2099-' || lpad(n.last_value::text, 4, '0'),
            $1::uuid, $2::uuid, $3::text, $4::jsonb, $5::jsonb, $6::jsonb, $7::text[], $8::text, $9::int, $10::text, $11::numeric,
            '[{"fr": "Tests automatisés couvrant les cas d''usage"}]'::jsonb, 'LiLiQ-P-1.1',
            'gouv/seed/projet-' || n.last_value, (t.deadline + interval '90 days')::date, t.deadline,
            CASE WHEN $13 THEN t.deadline - interval '72 hours' END,
            CASE WHEN $13 THEN t.published + interval '10 days' END,
            t.published,
            CASE WHEN $3 IN ('EVALUATION', 'AWARDED', 'UNSUCCESSFUL') THEN least(t.deadline, now()) END,
            CASE WHEN $3 = 'CANCELLED' THEN 'Besoin annulé par l''organisme' END,
            CASE WHEN $3 = 'CANCELLED' THEN now() END
       FROM n, t
     RETURNING id, reference`,
    [
      o.publicBodyId,
      o.createdById,
      status,
      JSON.stringify(i18n(o.title)),
      JSON.stringify(i18n(o.summary ?? 'Résumé de l’opportunité')),
      JSON.stringify(i18n(o.description ?? 'Description détaillée du besoin.')),
      o.skills ?? [],
      o.procurementMode ?? 'public',
      o.estimatedValueCents ?? 5_000_000,
      method,
      method === 'adjusted_price' ? 30 : null,
      o.deadlineIn ?? '20 days',
      published,
      o.publishedAgo ?? '1 day',
    ],
  );
  const criteria = o.criteria ?? DEFAULT_CRITERIA;
  for (const [position, c] of criteria.entries()) {
    await sql(
      `INSERT INTO opportunity_criterion (opportunity_id, position, title, description, weight, minimum_required)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        row.id,
        position + 1,
        JSON.stringify({ fr: c.title }),
        JSON.stringify({ fr: `Évaluation : ${c.title.toLowerCase()}` }),
        c.weight,
        c.minimumRequired ?? false,
      ],
    );
  }
  for (const vendorId of o.invitedVendorIds ?? []) {
    await sql(`INSERT INTO opportunity_invitation (opportunity_id, vendor_id, invited_by_id) VALUES ($1, $2, $3)`, [
      row.id,
      vendorId,
      o.createdById,
    ]);
  }
  return { id: row.id, reference: row.reference };
}

// ─── Bulk seed (bench, EXPLAIN test) ─────────────────────────────────────────────────

/** French vocabulary for generated titles and summaries: realistic full-text selectivity. */
export const BULK_VOCABULARY = {
  actions: [
    'Développement',
    'Refonte',
    'Modernisation',
    'Conception',
    'Migration',
    'Maintenance évolutive',
    'Intégration',
    'Automatisation',
    'Mise à niveau',
    'Réalisation',
    'Prototypage',
    'Sécurisation',
  ],
  objects: [
    'd’une application web',
    'd’un portail citoyen',
    'd’une API de données ouvertes',
    'd’un module de prise de rendez-vous',
    'd’un tableau de bord',
    'd’une application mobile',
    'd’un système de gestion documentaire',
    'd’un formulaire en ligne',
    'd’un moteur de recherche',
    'd’un entrepôt de données',
    'd’un service de paiement',
    'd’un outil de cartographie',
    'd’un site web accessible',
    'd’une plateforme de services numériques',
    'd’un robot conversationnel',
    'd’un registre électronique',
  ],
  domains: [
    'pour la gestion des permis',
    'pour les dossiers patients',
    'pour le transport scolaire',
    'des inspections alimentaires',
    'des subventions culturelles',
    'pour les bibliothèques publiques',
    'des demandes d’accès à l’information',
    'de la faune et des parcs',
    'des réclamations d’assurance',
    'pour l’aide financière aux études',
    'des inscriptions scolaires',
    'des infrastructures routières',
    'pour la qualité de l’eau potable',
    'des ressources humaines',
    'de l’évaluation foncière',
    'pour les services de garde',
    'des permis de conduire',
    'de la gestion des forêts',
    'des appels d’urgence',
    'pour les municipalités régionales',
  ],
  openings: [
    'L’organisme souhaite moderniser ses services numériques.',
    'Le projet vise à simplifier les démarches des citoyens.',
    'Les utilisateurs actuels travaillent avec des fichiers partagés.',
    'Le système existant arrive en fin de vie.',
    'Les équipes régionales demandent un accès mobile.',
    'La solution doit respecter les normes d’accessibilité.',
    'Les données sont aujourd’hui saisies plusieurs fois.',
    'Le volume des demandes a doublé depuis deux ans.',
  ],
  goals: [
    'Le livrable sera publié comme logiciel libre.',
    'Une intégration continue et des tests automatisés sont attendus.',
    'Le développement se fera par itérations courtes.',
    'La sécurité des renseignements personnels est essentielle.',
    'Les interfaces doivent être offertes en français et en anglais.',
    'Une documentation technique complète est requise.',
    'Le code sera déployé sur l’infonuagique gouvernementale.',
    'Les performances doivent soutenir des milliers d’utilisateurs.',
  ],
  technologies: [
    'TypeScript',
    'PostgreSQL',
    'Java',
    'Python',
    'React',
    'Vue.js',
    'Angular',
    'Drupal',
    '.NET',
    'PHP',
    'Go',
    'Kotlin',
    'Kubernetes',
    'Docker',
    'GraphQL',
    'Node.js',
    'Django',
    'Spring Boot',
    'Rust',
    'Swift',
  ],
  expertises: [
    'Accessibilité',
    'Sécurité',
    'Expérience utilisateur',
    'Données ouvertes',
    'DevOps',
    'Cartographie',
    'Intelligence artificielle',
    'Infonuagique',
    'Architecture',
    'Tests automatisés',
  ],
};

export interface BulkSeedOptions {
  /** Rows g = first … first + count − 1 (references `EEC-<2100 + g / 10000>-<g % 10000>`). */
  first?: number;
  count: number;
  publicBodyIds: string[];
  createdById: string;
  /** Three criteria per opportunity (more realistic, slower). */
  withCriteria?: boolean;
  /** Long descriptions and English titles (the search bench); absent: a one-line description. */
  prose?: BulkProse;
}

/** Descriptions drawn sentence by sentence from fixed lists, and English titles from their own. */
export interface BulkProse {
  frenchSentences: string[];
  englishSentences: string[];
  frenchPerDescription: number;
  englishPerDescription: number;
  englishTitle: { actions: string[]; objects: string[] };
}

/**
 * Bulk-inserts PUBLISHED opportunities with one `INSERT … SELECT generate_series`. Each
 * attribute draws from its own hash of the row number (`hashint8extended(g, seed)`, the
 * portable hash of PostgreSQL's hash partitioning), so attributes are independent and the
 * data set is the same on every run. Deadlines are 1 to 60 days ahead, publication 0 to 14
 * days ago; one row in 20 is invitation-only.
 */
export async function bulkSeedOpportunities(sql: Sql, options: BulkSeedOptions): Promise<void> {
  const v = BULK_VOCABULARY;
  const first = options.first ?? 1;
  const prose = options.prose;
  const pick = (param: string, r: string) => `(${param}::text[])[1 + ${r} % array_length(${param}::text[], 1)]`;
  const sentences = (param: string, n: number, seed: number) =>
    `array_to_string(ARRAY(SELECT (${param}::text[])[1 + (hashint8extended(g * 64 + i, ${seed}) & 9223372036854775807) % array_length(${param}::text[], 1)]
                              FROM generate_series(1, ${n}) AS i), ' ')`;
  const draws = Array.from(
    { length: prose ? 15 : 13 },
    (_, i) => `hashint8extended(g, ${i + 1}) & 9223372036854775807 AS r${i + 1}`,
  ).join(',\n                         ');
  const title = prose ? `jsonb_build_object('fr', title, 'en', title_en)` : `jsonb_build_object('fr', title)`;
  const description = prose
    ? `jsonb_build_object('fr', summary || ' ' || ${sentences('$12', prose.frenchPerDescription, 101)},
                               'en', ${sentences('$13', prose.englishPerDescription, 102)})`
    : `jsonb_build_object('fr', summary || ' ' || title || '.')`;
  const titleEn = prose ? `${pick('$14', 'r14')} || ' ' || ${pick('$15', 'r15')} AS title_en,` : '';
  await sql(
    `INSERT INTO opportunity (reference, ocid, public_body_id, created_by_id, status, title, summary, description, skills,
                              procurement_mode, estimated_value_cents, evaluation_method, k_percent, acceptance_criteria,
                              license, forge_project_path, delivery_due_date, proposal_deadline, questions_deadline,
                              complaint_deadline, published_at)
     SELECT ref, 'ocds-ech000-' || ref, ($3::uuid[])[1 + r1 % array_length($3::uuid[], 1)], $4::uuid, 'PUBLISHED',
            ${title}, jsonb_build_object('fr', summary),
            ${description},
            ARRAY[($10::text[])[1 + t1], ($10::text[])[1 + (t1 + 1 + (r8 / nt) % (nt - 1)) % nt], ${pick('$11', 'r9')}],
            CASE WHEN r2 % 20 = 0 THEN 'invitation' ELSE 'public' END,
            50000 + (r10 % 8900000)::int,
            CASE WHEN r11 % 3 = 0 THEN 'min_quality_lowest_price' ELSE 'adjusted_price' END,
            CASE WHEN r11 % 3 = 0 THEN NULL ELSE 15 + r11 % 16 END,
            '[{"fr": "Tests automatisés couvrant les cas d''usage"}]'::jsonb, 'LiLiQ-P-1.1', 'gouv/bench/projet-' || g,
            (deadline + interval '120 days')::date, deadline, deadline - interval '72 hours', published + interval '10 days', published
       FROM (SELECT g, r1, r2, r8, r9, r10, r11, nt, r8 % nt AS t1,
                    'EEC-' || (2100 + g / 10000) || '-' || lpad((g % 10000)::text, 4, '0') AS ref,
                    ${pick('$5', 'r3')} || ' ' || ${pick('$6', 'r4')} || ' ' || ${pick('$7', 'r5')} AS title,
                    ${titleEn}
                    ${pick('$8', 'r6')} || ' ' || ${pick('$9', 'r7')} AS summary,
                    now() + interval '1 day' + (r12 % (59 * 86400)) * interval '1 second' AS deadline,
                    now() - (r13 % (14 * 86400)) * interval '1 second' AS published
               FROM (SELECT g, array_length($10::text[], 1) AS nt,
                         ${draws}
                       FROM generate_series($1::int, $2::int) AS g) s) x`,
    [
      first,
      first + options.count - 1,
      options.publicBodyIds,
      options.createdById,
      v.actions,
      v.objects,
      v.domains,
      v.openings,
      v.goals,
      v.technologies,
      v.expertises,
      ...(prose
        ? [prose.frenchSentences, prose.englishSentences, prose.englishTitle.actions, prose.englishTitle.objects]
        : []),
    ],
  );
  if (options.withCriteria) {
    await sql(
      `INSERT INTO opportunity_criterion (opportunity_id, position, title, description, weight, minimum_required)
       SELECT o.id, c.position, jsonb_build_object('fr', c.title), jsonb_build_object('fr', 'Évaluation : ' || lower(c.title)), c.weight, c.minimum
         FROM opportunity o
        CROSS JOIN (VALUES (1, 'Compréhension du besoin', 40, false), (2, 'Approche technique', 35, true), (3, 'Expérience', 25, false))
              AS c(position, title, weight, minimum)
        WHERE o.forge_project_path LIKE 'gouv/bench/projet-%'
          AND substring(o.forge_project_path FROM 19)::int BETWEEN $1 AND $2`,
      [first, first + options.count - 1],
    );
  }
}
