import { compose, linkTo, paragraph, quote } from './layout';
import { ownFigures } from './proposal-result';
import type { TemplateData, TemplateDefinition } from './template-data';

/** A bidder's e-mail carries its own figures (`priceCents` present); a subscriber's does not. */
const isBidder = (d: TemplateData) => d.optionalInteger('priceCents') !== undefined;

/** The opportunity is concluded without award (UNSUCCESSFUL), with the owning buyer's reason. */
export const opportunityUnsuccessful: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Appel d’offres conclu sans adjudication : ${d.title}`, [
      paragraph(
        `L’appel d’offres « ${d.title} » (${d.reference}) est conclu sans adjudication : aucun contrat n’est accordé.`,
      ),
      quote('Motif', d.text('reason')),
      ...(isBidder(d) ? ownFigures(d) : []),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Opportunity concluded without award: ${d.title}`, [
      paragraph(
        `The opportunity “${d.title}” (${d.reference}) has been concluded without award: no contract is granted.`,
      ),
      quote('Reason', d.text('reason')),
      ...(isBidder(d) ? ownFigures(d) : []),
      ...linkTo('View the opportunity', d.url),
    ]),
};
