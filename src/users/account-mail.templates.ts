import { compose, Language, linkTo, paragraph, RenderedEmail } from '../notifications/templates/layout';
import type { AccountEmailKind } from './account-tokens';

/** The account e-mails (docs/accounts.md), in the account's language. */
export function renderAccountMail(
  kind: AccountEmailKind,
  language: Language,
  values: { link?: string; loginUrl: string; resetUrl: string },
): RenderedEmail {
  const fr = language === 'fr';
  switch (kind) {
    case 'verify-email':
      return fr
        ? compose('fr', 'Confirmez votre adresse courriel', [
            paragraph('Bienvenue sur Échanges. Confirmez votre adresse pour pouvoir déposer des propositions.'),
            ...linkTo('Confirmer mon adresse', values.link),
            paragraph(
              'Ce lien fonctionne une seule fois, pendant 48 heures. Si vous n’avez rien demandé, ignorez ce message.',
            ),
          ])
        : compose('en', 'Confirm your e-mail address', [
            paragraph('Welcome to Échanges. Confirm your address to be able to submit proposals.'),
            ...linkTo('Confirm my address', values.link),
            paragraph('This link works once, for 48 hours. If you did not ask for anything, ignore this message.'),
          ]);
    case 'reset-password':
      return fr
        ? compose('fr', 'Réinitialisation de votre mot de passe', [
            paragraph('Une réinitialisation du mot de passe de votre compte a été demandée.'),
            ...linkTo('Choisir un nouveau mot de passe', values.link),
            paragraph(
              'Ce lien fonctionne une seule fois, pendant 30 minutes ; il ferme toutes vos sessions. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
            ),
          ])
        : compose('en', 'Resetting your password', [
            paragraph('Someone asked to reset the password of your account.'),
            ...linkTo('Choose a new password', values.link),
            paragraph(
              'This link works once, for 30 minutes; it ends all your sessions. If you did not ask for it, ignore this message: your password does not change.',
            ),
          ]);
    case 'registration-attempt':
      return fr
        ? compose('fr', 'Tentative d’inscription avec votre adresse', [
            paragraph(
              'Quelqu’un a tenté de créer un compte avec votre adresse courriel, qui a déjà un compte. Aucun compte n’a été créé.',
            ),
            paragraph('Si c’était vous, connectez-vous ; si vous avez oublié votre mot de passe, réinitialisez-le.'),
            ...linkTo('Se connecter', values.loginUrl),
            ...linkTo('Mot de passe oublié', values.resetUrl),
          ])
        : compose('en', 'Someone tried to register with your address', [
            paragraph(
              'Someone tried to create an account with your e-mail address, which already has one. No account was created.',
            ),
            paragraph('If it was you, sign in; if you forgot your password, reset it.'),
            ...linkTo('Sign in', values.loginUrl),
            ...linkTo('Forgot password', values.resetUrl),
          ]);
  }
}
