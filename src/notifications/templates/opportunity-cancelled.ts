import { compose, linkTo, paragraph, quote } from './layout';
import type { TemplateDefinition } from './template-data';

/** The opportunity is cancelled, with the reason given by the admin or the buyer. */
export const opportunityCancelled: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Appel d’offres annulé : ${d.title}`, [
      paragraph(`L’appel d’offres « ${d.title} » (${d.reference}) est annulé. Aucune proposition n’y sera retenue.`),
      quote('Motif', d.text('reason')),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Opportunity cancelled: ${d.title}`, [
      paragraph(`The opportunity “${d.title}” (${d.reference}) has been cancelled. No proposal will be selected.`),
      quote('Reason', d.text('reason')),
      ...linkTo('View the opportunity', d.url),
    ]),
};
