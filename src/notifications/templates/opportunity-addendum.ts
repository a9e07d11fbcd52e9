import { compose, linkTo, paragraph, quote } from './layout';
import type { TemplateDefinition } from './template-data';

/**
 * An addendum changes the opportunity (to vendors with proposals and subscribers); with its
 * text (`body`) and the former deadline (`previousDeadline`) when given.
 */
export const opportunityAddendum: TemplateDefinition = {
  fr: (d) => {
    const number = d.integer('addendumNumber');
    const body = d.optionalText('body');
    const previous = d.optionalDeadline('previousDeadline');
    const moved = previous !== undefined && previous !== d.deadline();
    return compose('fr', `[${d.reference}] Addenda n° ${number} : ${d.title}`, [
      paragraph(`L’addenda n° ${number} est publié pour l’appel d’offres « ${d.title} » (${d.reference}).`),
      paragraph(
        d.boolean('affectsPrice')
          ? 'Cet addenda a une incidence sur le prix : revoyez votre proposition avant la date limite.'
          : 'Cet addenda n’a pas d’incidence sur le prix.',
      ),
      ...(body ? [quote('Addenda', body)] : []),
      paragraph(
        moved
          ? `La date limite de dépôt des propositions est maintenant le ${d.deadline()} ; elle était le ${previous}.`
          : `Date limite de dépôt des propositions : ${d.deadline()}.`,
      ),
      ...linkTo('Lire l’addenda', d.url),
    ]);
  },
  en: (d) => {
    const number = d.integer('addendumNumber');
    const body = d.optionalText('body');
    const previous = d.optionalDeadline('previousDeadline');
    const moved = previous !== undefined && previous !== d.deadline();
    return compose('en', `[${d.reference}] Addendum No. ${number}: ${d.title}`, [
      paragraph(`Addendum No. ${number} has been published for the opportunity “${d.title}” (${d.reference}).`),
      paragraph(
        d.boolean('affectsPrice')
          ? 'This addendum affects the price: review your proposal before the deadline.'
          : 'This addendum does not affect the price.',
      ),
      ...(body ? [quote('Addendum', body)] : []),
      paragraph(
        moved
          ? `The proposal deadline is now ${d.deadline()}; it was ${previous}.`
          : `Proposal deadline: ${d.deadline()}.`,
      ),
      ...linkTo('Read the addendum', d.url),
    ]);
  },
};
