/**
 * Secrets a production deployment may not run with (README “Secrets in production”): the
 * values shipped as examples (older docker-compose.yml defaults, documentation), anything
 * that reads as a placeholder, and secrets too uniform to be random.
 */

/** Values published somewhere (compose defaults, examples): anyone can sign with them. */
export const KNOWN_PLACEHOLDERS = [
  'change-me-in-production-please-32chars',
  'ChangezMoi-2026!',
  'changeme',
  'change-me',
  'changezmoi',
  'secret',
  'password',
  'motdepasse',
];

/** Words that mark a value as an example, compared without case, digits or punctuation. */
const PLACEHOLDER_WORDS = [
  'changeme',
  'changezmoi',
  'changeit',
  'replaceme',
  'placeholder',
  'example',
  'exemple',
  'default',
  'password',
  'motdepasse',
  'secret',
  'inproduction',
];

const letters = (value: string) => value.toLowerCase().replace(/[^a-z]/g, '');

/** Whether the value is a known placeholder or reads as one. */
export function isPlaceholder(value: string): boolean {
  const squeezed = letters(value);
  if (KNOWN_PLACEHOLDERS.some((p) => letters(p) === squeezed)) return true;
  return PLACEHOLDER_WORDS.some((word) => squeezed.includes(word));
}

/** Fewer distinct characters than this in a JWT secret: not random (e.g. 'a'.repeat(32)). */
export const MIN_DISTINCT_SECRET_CHARACTERS = 12;

/** The production problems of the JWT secret and the initial admin password, in French. */
export function productionSecretProblems(jwtSecret: string | undefined, adminPassword: string | undefined): string[] {
  const problems: string[] = [];
  if (!jwtSecret) problems.push('JWT_SECRET est obligatoire en production');
  else if (isPlaceholder(jwtSecret))
    problems.push('JWT_SECRET est une valeur d’exemple : générez-en une (p. ex. openssl rand -base64 48)');
  else if (new Set(jwtSecret).size < MIN_DISTINCT_SECRET_CHARACTERS)
    problems.push('JWT_SECRET est trop faible (trop peu de caractères différents) : générez-en un aléatoire');
  if (adminPassword && isPlaceholder(adminPassword))
    problems.push('ADMIN_PASSWORD est une valeur d’exemple : choisissez un mot de passe qui vous est propre');
  return problems;
}
