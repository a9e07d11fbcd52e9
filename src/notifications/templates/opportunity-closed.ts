import { compose, linkTo, paragraph } from './layout';
import type { TemplateDefinition } from './template-data';

function receivedFr(count: number | undefined): string {
  if (count === undefined) return 'Les propositions reçues sont maintenant accessibles au comité de sélection.';
  if (count === 0) return 'Aucune proposition n’a été reçue.';
  if (count === 1) return 'Une proposition a été reçue ; elle est maintenant accessible au comité de sélection.';
  return `${count} propositions ont été reçues ; elles sont maintenant accessibles au comité de sélection.`;
}

function receivedEn(count: number | undefined): string {
  if (count === undefined) return 'The proposals received are now available to the selection committee.';
  if (count === 0) return 'No proposals were received.';
  if (count === 1) return 'One proposal was received; it is now available to the selection committee.';
  return `${count} proposals were received; they are now available to the selection committee.`;
}

/** The proposal deadline has passed (to the committee); `proposalCount` may be absent. */
export const opportunityClosed: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Dépôt des propositions terminé : ${d.title}`, [
      paragraph(
        `La période de dépôt des propositions de l’appel d’offres « ${d.title} » (${d.reference}) est terminée depuis le ${d.deadline()}.`,
      ),
      paragraph(receivedFr(d.optionalInteger('proposalCount'))),
      ...linkTo('Ouvrir l’évaluation', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Proposal period closed: ${d.title}`, [
      paragraph(`The proposal period of the opportunity “${d.title}” (${d.reference}) closed on ${d.deadline()}.`),
      paragraph(receivedEn(d.optionalInteger('proposalCount'))),
      ...linkTo('Open the evaluation', d.url),
    ]),
};
