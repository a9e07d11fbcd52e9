/**
 * Every coded error of the API (api.md Basics, domain.md rules) with its HTTP status and
 * its default French message. The exception filter maps codes through this table only.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'La requête contient des données invalides.' },
  UNAUTHENTICATED: { status: 401, message: 'Authentification requise ou identifiants invalides.' },
  FORBIDDEN: { status: 403, message: "Vous n'avez pas la permission d'effectuer cette action." },
  NOT_FOUND: { status: 404, message: 'Ressource introuvable.' },
  RATE_LIMITED: { status: 429, message: 'Trop de requêtes ; réessayez plus tard.' },
  INTERNAL: { status: 500, message: 'Erreur interne du serveur.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'La requête est trop volumineuse.' },
  CONFLICT: { status: 409, message: 'La requête entre en conflit avec l’état actuel de la ressource.' },
  // Accounts and organizations
  EMAIL_TAKEN: { status: 409, message: 'Un compte existe déjà pour cette adresse courriel.' },
  DUPLICATE_NEQ: { status: 409, message: 'Une organisation est déjà inscrite avec ce NEQ.' },
  ALREADY_MEMBER: { status: 409, message: 'Cette personne est déjà membre de l’organisation.' },
  LAST_OWNER: { status: 409, message: 'L’organisation doit conserver au moins un propriétaire.' },
  DUPLICATE_ACRONYM: { status: 409, message: 'Un organisme public porte déjà ce sigle.' },
  EMAIL_NOT_VERIFIED: {
    status: 403,
    message: 'Confirmez d’abord votre adresse courriel (lien envoyé à l’inscription) pour déposer une proposition.',
  },
  INVALID_TOKEN: { status: 422, message: 'Ce lien est invalide, expiré ou déjà utilisé.' },
  ALREADY_VERIFIED: { status: 409, message: 'Cette adresse courriel est déjà confirmée.' },
  CANNOT_DEACTIVATE_SELF: { status: 409, message: 'Vous ne pouvez pas désactiver votre propre compte.' },
  UNKNOWN_ACCOUNT: { status: 422, message: 'Aucun compte fournisseur ne correspond à cette adresse courriel.' },
  // Opportunities (domain.md §4.2)
  VALUE_ABOVE_CAP: { status: 422, message: 'La valeur estimée doit être inférieure au plafond du programme.' },
  INVALID_CRITERIA: { status: 422, message: 'Les critères d’évaluation sont invalides.' },
  INVALID_K: { status: 422, message: 'Le facteur K est invalide pour cette méthode d’évaluation.' },
  DEADLINE_TOO_SOON: { status: 422, message: 'La date limite de dépôt est trop rapprochée.' },
  INCOMPLETE_OPPORTUNITY: { status: 422, message: 'L’opportunité est incomplète.' },
  INVALID_LICENSE: { status: 422, message: 'Cette licence ne fait pas partie des licences admises.' },
  POSSIBLE_SPLITTING: { status: 422, message: 'Possible fractionnement de contrat : une justification est requise.' },
  OPPORTUNITY_FROZEN: { status: 409, message: 'L’opportunité est publiée : ce champ ne peut plus être modifié.' },
  DEADLINE_CANNOT_SHRINK: { status: 422, message: 'Un addenda ne peut pas avancer la date limite.' },
  QUESTIONS_CLOSED: { status: 409, message: 'La période de questions est terminée.' },
  INVALID_TRANSITION: { status: 409, message: 'Cette transition n’est pas permise dans l’état actuel.' },
  // Proposals (domain.md §5)
  DUPLICATE_PROPOSAL: { status: 409, message: 'Votre organisation a déjà une proposition pour cette opportunité.' },
  DEADLINE_PASSED: { status: 409, message: 'La date limite de dépôt est passée.' },
  INVALID_PRICE: { status: 422, message: 'Le prix est invalide.' },
  VENDOR_INELIGIBLE: { status: 422, message: 'L’entreprise est inscrite au registre des entreprises non admissibles.' },
  ATTESTATION_REQUIRED: { status: 422, message: 'Les attestations requises sont manquantes.' },
  INCOMPLETE_PROPOSAL: { status: 422, message: 'La proposition est incomplète.' },
  ATTACHMENTS_LIMIT: {
    status: 422,
    message: 'La proposition a atteint le nombre ou la taille totale permis de fichiers joints.',
  },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'Cette clé d’idempotence a déjà servi pour une autre requête.' },
  // Evaluation and award (domain.md §6–7)
  INVALID_COMMITTEE: { status: 422, message: 'La composition du comité est invalide.' },
  DECLARATION_REQUIRED: { status: 403, message: 'Vous devez d’abord signer la déclaration de confidentialité.' },
  RECUSED: { status: 403, message: 'Vous êtes récusé·e pour cette opportunité.' },
  SCORES_LOCKED: { status: 409, message: 'Les notes sont verrouillées.' },
  EVALUATION_BLOCKED: {
    status: 409,
    message: 'L’évaluation est bloquée : trop peu d’évaluateurs non récusés au comité.',
  },
  CONSENSUS_MISSING: { status: 409, message: 'Des propositions n’ont pas encore de notes consensuelles.' },
  COMMITTEE_FROZEN: { status: 409, message: 'La composition du comité est figée : une première note a été saisie.' },
  TIE_REQUIRES_DRAW: { status: 409, message: 'Égalité au premier rang : un tirage au sort est requis.' },
  AWARD_NOT_ALLOWED: { status: 409, message: 'L’adjudication n’est pas permise.' },
  ALREADY_AWARDED: { status: 409, message: 'Le contrat a déjà été adjugé.' },
  AMENDMENT_LIMIT_EXCEEDED: { status: 422, message: 'La modification dépasse la limite permise.' },
  ARCHIVE_REJECTED: { status: 422, message: 'L’archive a été refusée.' },
  DELIVERABLE_NOT_ACCEPTABLE: { status: 422, message: 'Le livrable ne peut pas être accepté.' },
  // Contracts (domain.md §7)
  PAYMENT_LIMIT_EXCEEDED: { status: 422, message: 'La somme des paiements dépasserait le montant total du contrat.' },
  DUPLICATE_INVOICE: { status: 409, message: 'Ce numéro de facture est déjà enregistré pour ce contrat.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function statusOf(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].status;
}
