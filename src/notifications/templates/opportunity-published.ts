import { Block, compose, linkTo, paragraph } from './layout';
import type { TemplateData, TemplateDefinition } from './template-data';

const optional = (text: string | undefined, make: (t: string) => string): Block[] =>
  text ? [paragraph(make(text))] : [];

const summary = (d: TemplateData) => optional(d.optionalText('summary'), (text) => text.trim());

/** A new opportunity is open (to subscribers; to invited vendors for an invitation). */
export const opportunityPublished: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Nouvel appel d’offres : ${d.title}`, [
      paragraph(
        `Un nouvel appel d’offres est publié sur Échanges entre concepteurs : « ${d.title} » (${d.reference}).`,
      ),
      ...summary(d),
      paragraph(`Date limite de dépôt des propositions : ${d.deadline()}.`),
      ...optional(d.optionalDeadline('questionsDeadline'), (at) => `Questions acceptées jusqu’au ${at}.`),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] New opportunity: ${d.title}`, [
      paragraph(`A new opportunity has been published on Échanges entre concepteurs: “${d.title}” (${d.reference}).`),
      ...summary(d),
      paragraph(`Proposal deadline: ${d.deadline()}.`),
      ...optional(d.optionalDeadline('questionsDeadline'), (at) => `Questions accepted until ${at}.`),
      ...linkTo('View the opportunity', d.url),
    ]),
};
