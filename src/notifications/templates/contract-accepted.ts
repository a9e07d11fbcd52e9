import { compose, linkTo, paragraph } from './layout';
import type { TemplateDefinition } from './template-data';

/** The owning buyer accepted the delivery (to the supplier's members and the owning buyers); publication follows. */
export const contractAccepted: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Livrable accepté (contrat ${d.text('contractReference')}) : ${d.title}`, [
      paragraph(
        `Le livrable du contrat ${d.text('contractReference')} (appel d’offres « ${d.title} », ${d.reference}) a été accepté par l’organisme public.`,
      ),
      paragraph(
        `Empreinte SHA-256 de l’archive acceptée : ${d.text('sha256')}. Le code sera maintenant publié sur la forge gouvernementale.`,
      ),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Deliverable accepted (contract ${d.text('contractReference')}): ${d.title}`, [
      paragraph(
        `The deliverable of contract ${d.text('contractReference')} (opportunity “${d.title}”, ${d.reference}) has been accepted by the public body.`,
      ),
      paragraph(
        `SHA-256 of the accepted archive: ${d.text('sha256')}. The code will now be published on the government forge.`,
      ),
      ...linkTo('View the opportunity', d.url),
    ]),
};
