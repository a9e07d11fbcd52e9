import { compose, linkTo, paragraph } from './layout';
import type { TemplateDefinition } from './template-data';

/** The accepted code is on the forge (to the owning buyers and the admins). */
export const forgePublicationDone: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Code publié sur la forge (contrat ${d.text('contractReference')}) : ${d.title}`, [
      paragraph(
        `Le code livré au contrat ${d.text('contractReference')} (appel d’offres « ${d.title} », ${d.reference}) est publié sur la forge gouvernementale.`,
      ),
      paragraph(`Projet : ${d.text('projectUrl')}`),
      paragraph(`Version : ${d.text('releaseUrl')} (commit ${d.text('commitSha')})`),
      ...linkTo('Consulter l’appel d’offres', d.url),
    ]),
  en: (d) =>
    compose(
      'en',
      `[${d.reference}] Code published on the forge (contract ${d.text('contractReference')}): ${d.title}`,
      [
        paragraph(
          `The code delivered under contract ${d.text('contractReference')} (opportunity “${d.title}”, ${d.reference}) is published on the government forge.`,
        ),
        paragraph(`Project: ${d.text('projectUrl')}`),
        paragraph(`Release: ${d.text('releaseUrl')} (commit ${d.text('commitSha')})`),
        ...linkTo('View the opportunity', d.url),
      ],
    ),
};

/** The publication stopped and needs a person (to the owning buyers and the admins). */
export const forgePublicationFailed: TemplateDefinition = {
  fr: (d) =>
    compose(
      'fr',
      `[${d.reference}] Échec de la publication sur la forge (contrat ${d.text('contractReference')}) : ${d.title}`,
      [
        paragraph(
          `La publication sur la forge du code du contrat ${d.text('contractReference')} (appel d’offres « ${d.title} », ${d.reference}) a échoué.`,
        ),
        paragraph(`Motif : ${d.text('reason')}`),
        paragraph(
          'Un administrateur peut relancer la publication une fois la cause corrigée ; elle reprend à la dernière étape réussie.',
        ),
        ...linkTo('Consulter l’appel d’offres', d.url),
      ],
    ),
  en: (d) =>
    compose('en', `[${d.reference}] Forge publication failed (contract ${d.text('contractReference')}): ${d.title}`, [
      paragraph(
        `Publishing the code of contract ${d.text('contractReference')} (opportunity “${d.title}”, ${d.reference}) on the forge failed.`,
      ),
      paragraph(`Reason: ${d.text('reason')}`),
      paragraph(
        'An administrator can retry the publication once the cause is fixed; it resumes at the last completed step.',
      ),
      ...linkTo('View the opportunity', d.url),
    ]),
};
