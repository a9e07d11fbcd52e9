import { Block, compose, linkTo, paragraph, quote } from './layout';
import { NotificationDataError, TemplateData, TemplateDefinition } from './template-data';

const RESULT_STATUSES = ['AWARDED', 'NOT_AWARDED', 'NOT_ACCEPTABLE', 'DISQUALIFIED'] as const;
type ResultStatus = (typeof RESULT_STATUSES)[number];

function statusOf(d: TemplateData): ResultStatus {
  const value = d.text('status');
  if (!(RESULT_STATUSES as readonly string[]).includes(value)) {
    throw new NotificationDataError(
      `data.status : valeur attendue : ${RESULT_STATUSES.join(', ')} ; valeur reçue : ${JSON.stringify(value)}`,
    );
  }
  return value as ResultStatus;
}

const OUTCOME: Record<'fr' | 'en', Record<ResultStatus, string>> = {
  fr: {
    AWARDED:
      'Votre proposition est retenue : le contrat vous est adjugé. L’organisme public communiquera avec vous pour la suite.',
    NOT_AWARDED: 'Votre proposition n’est pas retenue : le contrat est adjugé à une autre entreprise.',
    NOT_ACCEPTABLE: 'Votre proposition n’a pas atteint le seuil de qualité requis ; elle n’a pas été classée.',
    DISQUALIFIED: 'Votre proposition a été disqualifiée ; elle n’a pas été classée.',
  },
  en: {
    AWARDED:
      'Your proposal has been selected: the contract is awarded to you. The public body will contact you about the next steps.',
    NOT_AWARDED: 'Your proposal was not selected: the contract is awarded to another enterprise.',
    NOT_ACCEPTABLE: 'Your proposal did not reach the required quality threshold; it was not ranked.',
    DISQUALIFIED: 'Your proposal was disqualified; it was not ranked.',
  },
};

/**
 * The bidder's own figures (domain.md §7): Q, price, adjusted price, rank; shared by the
 * award result and the conclusion without award.
 */
export function ownFigures(d: TemplateData): Block[] {
  const fr = d.language === 'fr';
  const lines: string[] = [];
  const q = d.optionalDecimal('qualityScore');
  if (q !== undefined) lines.push(fr ? `Votre note de qualité (Q) : ${q}` : `Your quality score (Q): ${q}`);
  lines.push(fr ? `Votre prix : ${d.money('priceCents')}` : `Your price: ${d.money('priceCents')}`);
  const adjusted = d.optionalMoney('adjustedPriceCents');
  if (adjusted !== undefined) lines.push(fr ? `Votre prix ajusté : ${adjusted}` : `Your adjusted price: ${adjusted}`);
  const rank = d.optionalInteger('rank');
  lines.push(
    rank !== undefined
      ? fr
        ? `Votre rang : ${rank}`
        : `Your rank: ${rank}`
      : fr
        ? 'Votre rang : non classée'
        : 'Your rank: not ranked',
  );
  const blocks: Block[] = [paragraph(lines.join('\n'))];
  const reason = d.optionalText('disqualificationReason');
  if (reason !== undefined)
    blocks.push(quote(fr ? 'Motif de la disqualification' : 'Reason for disqualification', reason));
  return blocks;
}

function winnerFigures(d: TemplateData): Block {
  const fr = d.language === 'fr';
  const name = d.text('winnerName');
  const lines = [fr ? `Entreprise retenue : ${name}` : `Selected enterprise: ${name}`];
  const q = d.optionalDecimal('winnerQualityScore');
  if (q !== undefined) lines.push(fr ? `Sa note de qualité (Q) : ${q}` : `Its quality score (Q): ${q}`);
  lines.push(fr ? `Son prix : ${d.money('winnerPriceCents')}` : `Its price: ${d.money('winnerPriceCents')}`);
  const adjusted = d.optionalMoney('winnerAdjustedPriceCents');
  if (adjusted !== undefined) lines.push(fr ? `Son prix ajusté : ${adjusted}` : `Its adjusted price: ${adjusted}`);
  return paragraph(lines.join('\n'));
}

/**
 * The result of the award, to each bidder (domain.md §7): its own Q, price, adjusted price
 * and rank, and the winner's name, Q, price and adjusted price.
 */
export const proposalResult: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Résultat de l’appel d’offres : ${d.title}`, [
      paragraph(`Le contrat de l’appel d’offres « ${d.title} » (${d.reference}) est adjugé.`),
      paragraph(OUTCOME.fr[statusOf(d)]),
      ...ownFigures(d),
      winnerFigures(d),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Result of the opportunity: ${d.title}`, [
      paragraph(`The contract for the opportunity “${d.title}” (${d.reference}) has been awarded.`),
      paragraph(OUTCOME.en[statusOf(d)]),
      ...ownFigures(d),
      winnerFigures(d),
      ...linkTo('View the opportunity', d.url),
    ]),
};
