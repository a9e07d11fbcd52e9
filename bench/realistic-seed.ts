/**
 * Realistic opportunities for the search bench: the titles, summaries and skills of the
 * bulk seed's French vocabulary (test/support/opportunity-seed.ts), an English title, and a
 * description of about 315 words (≈ 190 in French with accents, ≈ 125 in English) drawn
 * sentence by sentence from fixed lists. One `INSERT … SELECT generate_series` per chunk;
 * every draw is `hashint8extended(g, seed)`, so the data set is the same on every run.
 */
import { BULK_VOCABULARY, Sql } from '../test/support/opportunity-seed';

/** ~12 words each, with accents; none names a title word used by the bench's query. */
export const FRENCH_SENTENCES = [
  'Le mandat comprend l’analyse des besoins, la conception détaillée et la réalisation des écrans prévus.',
  'Les fournisseurs décriront leur démarche de gestion de projet et les rôles de leur équipe.',
  'L’organisme fournira un environnement de préproduction ainsi qu’un accès aux données anonymisées.',
  'La solution livrée devra être hébergée sur l’infrastructure gouvernementale désignée par le ministère.',
  'Une attention particulière sera portée à la qualité du français dans les interfaces publiques.',
  'Le calendrier prévoit une première livraison fonctionnelle au terme du troisième mois du contrat.',
  'Les rencontres de suivi auront lieu chaque semaine, en présence du chargé de projet de l’organisme.',
  'Le fournisseur retenu transférera ses connaissances à l’équipe interne au moyen d’ateliers pratiques.',
  'Toute dépendance logicielle devra être publiée sous une licence compatible avec la LiLiQ.',
  'Les essais d’acceptation seront réalisés par des utilisateurs représentatifs de chaque région.',
  'Le code source et l’historique complet du dépôt appartiendront à l’organisme dès leur création.',
  'Les exigences de sécurité découlent de la directive gouvernementale sur la sécurité de l’information.',
  'L’évaluation de la qualité tiendra compte de la compréhension du contexte et des risques relevés.',
  'Des journaux d’événements détaillés permettront de retracer chaque opération effectuée par les agents.',
  'La migration des données historiques fera l’objet d’un plan distinct, approuvé avant son exécution.',
  'Les utilisateurs pourront consulter l’état de leur dossier en tout temps, y compris hors des heures.',
  'La conformité au standard sur l’accessibilité du Web sera vérifiée par un tiers indépendant.',
  'Le soumissionnaire précisera les hypothèses retenues pour établir le prix forfaitaire proposé.',
  'Les anomalies critiques devront être corrigées dans un délai maximal de deux jours ouvrables.',
  'Une période de garantie de six mois suivra la mise en service de la version finale.',
  'Les écarts entre le livrable et les critères d’acceptation seront consignés dans un registre partagé.',
  'L’équipe proposée devra compter au moins une personne d’expérience en architecture logicielle.',
  'Le contrat pourra être prolongé par une option décrite séparément dans l’appel d’offres.',
  'Les données personnelles ne quitteront jamais le territoire québécois, conformément à la loi.',
];

export const ENGLISH_SENTENCES = [
  'The mandate covers requirements analysis, detailed design and delivery of the planned screens.',
  'Vendors will describe their project management approach and the roles within their team.',
  'The public body will provide a staging environment and access to anonymised data.',
  'The delivered solution must be hosted on the government infrastructure chosen by the department.',
  'Follow-up meetings will take place weekly with the project lead of the public body.',
  'The selected vendor will transfer knowledge to the internal team through hands-on workshops.',
  'Acceptance testing will be carried out by representative users from every region.',
  'The source code and the full repository history belong to the public body from the start.',
  'Critical defects must be fixed within at most two business days after being reported.',
  'A six-month warranty period will follow the go-live of the final version.',
  'Personal information must never leave Québec, as the law requires.',
  'The bidder will state the assumptions behind the proposed fixed price.',
];

const FR_PER_DESCRIPTION = 16;
const EN_PER_DESCRIPTION = 10;

/** English titles: same structure as the French ones, from their own lists. */
const ENGLISH_TITLE = {
  actions: ['Development', 'Redesign', 'Modernisation', 'Design', 'Migration', 'Maintenance', 'Integration'],
  objects: ['of a web application', 'of a citizen portal', 'of an open data API', 'of a dashboard', 'of a mobile app'],
};

export interface RealisticSeedOptions {
  first: number;
  count: number;
  publicBodyIds: string[];
  createdById: string;
}

/** Inserts PUBLISHED opportunities g = first … first + count − 1 (one row in 20 invitation-only). */
export async function seedRealisticOpportunities(sql: Sql, o: RealisticSeedOptions): Promise<void> {
  const v = BULK_VOCABULARY;
  const pick = (param: string, r: string) => `(${param}::text[])[1 + ${r} % array_length(${param}::text[], 1)]`;
  const sentences = (param: string, n: number, seed: number) =>
    `array_to_string(ARRAY(SELECT (${param}::text[])[1 + (hashint8extended(g * 64 + i, ${seed}) & 9223372036854775807) % array_length(${param}::text[], 1)]
                              FROM generate_series(1, ${n}) AS i), ' ')`;
  const draws = Array.from(
    { length: 15 },
    (_, i) => `hashint8extended(g, ${i + 1}) & 9223372036854775807 AS r${i + 1}`,
  ).join(',\n                         ');
  await sql(
    `INSERT INTO opportunity (reference, ocid, public_body_id, created_by_id, status, title, summary, description, skills,
                              procurement_mode, estimated_value_cents, evaluation_method, k_percent, acceptance_criteria,
                              license, forge_project_path, delivery_due_date, proposal_deadline, questions_deadline,
                              complaint_deadline, published_at)
     SELECT ref, 'ocds-ech000-' || ref, ($3::uuid[])[1 + r1 % array_length($3::uuid[], 1)], $4::uuid, 'PUBLISHED',
            jsonb_build_object('fr', title, 'en', title_en), jsonb_build_object('fr', summary),
            jsonb_build_object('fr', summary || ' ' || ${sentences('$12', FR_PER_DESCRIPTION, 101)},
                               'en', ${sentences('$13', EN_PER_DESCRIPTION, 102)}),
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
                    ${pick('$14', 'r14')} || ' ' || ${pick('$15', 'r15')} AS title_en,
                    ${pick('$8', 'r6')} || ' ' || ${pick('$9', 'r7')} AS summary,
                    now() + interval '1 day' + (r12 % (59 * 86400)) * interval '1 second' AS deadline,
                    now() - (r13 % (14 * 86400)) * interval '1 second' AS published
               FROM (SELECT g, array_length($10::text[], 1) AS nt,
                         ${draws}
                       FROM generate_series($1::int, $2::int) AS g) s) x`,
    [
      o.first,
      o.first + o.count - 1,
      o.publicBodyIds,
      o.createdById,
      v.actions,
      v.objects,
      v.domains,
      v.openings,
      v.goals,
      v.technologies,
      v.expertises,
      FRENCH_SENTENCES,
      ENGLISH_SENTENCES,
      ENGLISH_TITLE.actions,
      ENGLISH_TITLE.objects,
    ],
  );
}
