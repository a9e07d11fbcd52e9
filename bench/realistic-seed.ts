/**
 * Realistic opportunities for the search bench: the titles, summaries and skills of the
 * bulk seed's French vocabulary (test/support/opportunity-seed.ts), an English title, and a
 * description of about 315 words (≈ 190 in French with accents, ≈ 125 in English) drawn
 * sentence by sentence from fixed lists. One `INSERT … SELECT generate_series` per chunk;
 * every draw is `hashint8extended(g, seed)`, so the data set is the same on every run.
 */
import { bulkSeedOpportunities, Sql } from '../test/support/opportunity-seed';

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
export function seedRealisticOpportunities(sql: Sql, o: RealisticSeedOptions): Promise<void> {
  return bulkSeedOpportunities(sql, {
    ...o,
    prose: {
      frenchSentences: FRENCH_SENTENCES,
      englishSentences: ENGLISH_SENTENCES,
      frenchPerDescription: FR_PER_DESCRIPTION,
      englishPerDescription: EN_PER_DESCRIPTION,
      englishTitle: ENGLISH_TITLE,
    },
  });
}
