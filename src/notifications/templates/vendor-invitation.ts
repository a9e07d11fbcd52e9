import { compose, linkTo, paragraph } from './layout';
import { NotificationDataError, TemplateData, TemplateDefinition } from './template-data';

type MemberRole = 'owner' | 'member';

function role(d: TemplateData): MemberRole {
  const value = d.text('role');
  if (value !== 'owner' && value !== 'member') {
    throw new NotificationDataError(
      `data.role : valeur attendue : "owner" ou "member" ; valeur reçue : ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const ROLE_FR: Record<MemberRole, string> = { owner: 'propriétaire', member: 'membre' };
const ROLE_EN: Record<MemberRole, string> = { owner: 'owner', member: 'member' };

/**
 * An owner invites this address to a vendor organization (reference: its NEQ, title: its
 * legal name). Accepting needs an account with this address (README “Vendor members”).
 */
export const vendorInvitation: TemplateDefinition = {
  fr: (d) =>
    compose('fr', `[${d.reference}] Invitation à rejoindre ${d.title}`, [
      paragraph(
        `Vous êtes invité·e à rejoindre l’organisation fournisseur « ${d.title} » (NEQ ${d.reference}) à titre de ${ROLE_FR[role(d)]}.`,
      ),
      paragraph(
        'Connectez-vous avec cette adresse courriel (ou créez un compte fournisseur avec elle) pour accepter l’invitation. Si vous ne l’attendiez pas, ignorez ce message.',
      ),
      ...linkTo('Voir mes invitations', d.url),
    ]),
  en: (d) =>
    compose('en', `[${d.reference}] Invitation to join ${d.title}`, [
      paragraph(
        `You are invited to join the vendor organization “${d.title}” (NEQ ${d.reference}) as ${ROLE_EN[role(d)]}.`,
      ),
      paragraph(
        'Sign in with this e-mail address (or create a vendor account with it) to accept the invitation. If you did not expect it, ignore this message.',
      ),
      ...linkTo('See my invitations', d.url),
    ]),
};
