import type { NotificationTemplate } from '../notification.types';
import type { Language, RenderedEmail } from './layout';
import { committeeAppointed } from './committee-appointed';
import { contractAccepted } from './contract-accepted';
import { forgePublicationDone, forgePublicationFailed } from './forge-publication';
import { opportunityAddendum } from './opportunity-addendum';
import { opportunityAnswer } from './opportunity-answer';
import { opportunityCancelled } from './opportunity-cancelled';
import { opportunityClosed } from './opportunity-closed';
import { opportunityPublished } from './opportunity-published';
import { opportunityUnsuccessful } from './opportunity-unsuccessful';
import { proposalReceipt } from './proposal-receipt';
import { proposalResult } from './proposal-result';
import { vendorInvitation } from './vendor-invitation';
import { NotificationDataError, RenderContext, TemplateData, TemplateDefinition } from './template-data';

export type { Language, RenderedEmail } from './layout';
export { NotificationDataError, type RenderContext } from './template-data';

/** Every template, French and English; the `satisfies` makes a missing one a compile error. */
export const TEMPLATES = {
  'opportunity-published': opportunityPublished,
  'opportunity-addendum': opportunityAddendum,
  'opportunity-answer': opportunityAnswer,
  'opportunity-cancelled': opportunityCancelled,
  'opportunity-closed': opportunityClosed,
  'proposal-receipt': proposalReceipt,
  'committee-appointed': committeeAppointed,
  'proposal-result': proposalResult,
  'opportunity-unsuccessful': opportunityUnsuccessful,
  'vendor-invitation': vendorInvitation,
  'contract-accepted': contractAccepted,
  'forge-publication-done': forgePublicationDone,
  'forge-publication-failed': forgePublicationFailed,
} as const satisfies Record<NotificationTemplate, TemplateDefinition>;

/** Renders one notification in the recipient's language; throws NotificationDataError on bad data. */
export function renderNotification(
  template: string,
  language: string,
  data: Record<string, unknown>,
  context: RenderContext,
): RenderedEmail {
  const definition = Object.hasOwn(TEMPLATES, template)
    ? (TEMPLATES as Record<string, TemplateDefinition>)[template]
    : undefined;
  if (!definition) throw new NotificationDataError(`Modèle de courriel inconnu : ${template}`);
  const lang: Language = language === 'en' ? 'en' : 'fr';
  return definition[lang](new TemplateData(data, lang, context));
}
