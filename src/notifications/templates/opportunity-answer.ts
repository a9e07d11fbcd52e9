import { Block, compose, linkTo, paragraph, quote } from './layout';
import type { TemplateDefinition } from './template-data';

const deadline = (at: string | undefined, label: string): Block[] => (at ? [paragraph(`${label} ${at}.`)] : []);

/** A question has been answered; questions are published without their author. */
export const opportunityAnswer: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Nouvelle réponse à une question : ${d.title}`, [
      paragraph(`Une question sur l’appel d’offres « ${d.title} » (${d.reference}) a reçu une réponse.`),
      quote('Question', d.text('question')),
      quote('Réponse', d.text('answer')),
      ...deadline(d.optionalDeadline('proposalDeadline'), 'Date limite de dépôt des propositions :'),
      ...linkTo('Voir les questions et réponses', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] New answer to a question: ${d.title}`, [
      paragraph(`A question about the opportunity “${d.title}” (${d.reference}) has been answered.`),
      quote('Question', d.text('question')),
      quote('Answer', d.text('answer')),
      ...deadline(d.optionalDeadline('proposalDeadline'), 'Proposal deadline:'),
      ...linkTo('See the questions and answers', d.url),
    ]),
};
