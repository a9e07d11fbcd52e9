import { formatSecretToken, newSecret, parseSecretToken, secretMatches } from '../common/util/secret-token';

/** A refresh token is `<row id>.<secret>`; only the SHA-256 of the secret is stored. */
export const newRefreshSecret = newSecret;
export const formatRefreshToken = formatSecretToken;
export const parseRefreshToken = parseSecretToken;
export { secretMatches };
