import { compose, linkTo, paragraph } from './layout';
import { NotificationDataError, TemplateData, TemplateDefinition } from './template-data';

function hashOf(d: TemplateData): string {
  const hash = d.text('receiptHash');
  if (!/^[0-9a-f]{64}$/.test(hash))
    throw new NotificationDataError(
      `data.receiptHash : valeur attendue : une empreinte SHA-256 ; valeur reçue : ${JSON.stringify(hash)}`,
    );
  return hash;
}

/**
 * Receipt of a submitted proposal (P10), to the vendor member who submitted: when (database
 * time, shown in Montréal time and as an exact instant) and the receipt hash. Never the
 * price or the content: the hash lets the vendor prove what was submitted.
 */
export const proposalReceipt: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Accusé de réception de votre proposition : ${d.title}`, [
      paragraph(
        `Votre proposition à l’appel d’offres « ${d.title} » (${d.reference}) a été déposée le ${d.deadline('submittedAt')}.`,
      ),
      paragraph(`Horodatage exact : ${d.text('submittedAt')}`),
      paragraph(`Empreinte de la proposition (SHA-256) : ${hashOf(d)}`),
      paragraph(
        'Conservez ce courriel : l’empreinte permet de vérifier le contenu exact déposé. Vous pouvez modifier ou retirer votre proposition jusqu’à la date limite.',
      ),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Receipt for your proposal: ${d.title}`, [
      paragraph(
        `Your proposal for the opportunity “${d.title}” (${d.reference}) was submitted on ${d.deadline('submittedAt')}.`,
      ),
      paragraph(`Exact time: ${d.text('submittedAt')}`),
      paragraph(`Proposal fingerprint (SHA-256): ${hashOf(d)}`),
      paragraph(
        'Keep this e-mail: the fingerprint proves the exact content submitted. You may change or withdraw your proposal until the deadline.',
      ),
      ...linkTo('View the opportunity', d.url),
    ]),
};
