import { compose, linkTo, paragraph } from './layout';
import { NotificationDataError, TemplateData, TemplateDefinition } from './template-data';

type CommitteeRole = 'secretary' | 'evaluator';

function role(d: TemplateData): CommitteeRole {
  const value = d.text('role');
  if (value !== 'secretary' && value !== 'evaluator') {
    throw new NotificationDataError(
      `data.role : valeur attendue : "secretary" ou "evaluator" ; valeur reçue : ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const ROLE_FR: Record<CommitteeRole, string> = { secretary: 'secrétaire', evaluator: 'évaluateur ou évaluatrice' };
const ROLE_EN: Record<CommitteeRole, string> = { secretary: 'secretary', evaluator: 'evaluator' };

/** The person is appointed to the selection committee of an opportunity (domain.md §6). */
export const committeeAppointed: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Nomination au comité de sélection : ${d.title}`, [
      paragraph(
        `Vous êtes nommé·e ${ROLE_FR[role(d)]} au comité de sélection de l’appel d’offres « ${d.title} » (${d.reference}).`,
      ),
      paragraph(
        'Avant de consulter les propositions, vous devez signer la déclaration de confidentialité et d’absence de conflit d’intérêts pour cet appel d’offres.',
      ),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Appointed to the selection committee: ${d.title}`, [
      paragraph(
        `You have been appointed ${ROLE_EN[role(d)]} of the selection committee of the opportunity “${d.title}” (${d.reference}).`,
      ),
      paragraph(
        'Before you can read the proposals, you must sign the confidentiality and conflict-of-interest declaration for this opportunity.',
      ),
      ...linkTo('View the opportunity', d.url),
    ]),
};
