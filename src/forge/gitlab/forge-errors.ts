/**
 * What a forge call can end with, besides a result. Every message is for an operator: French
 * first, then English, and never holds the token.
 */
export class ForgeError extends Error {
  constructor(
    /** `permanent`: retrying cannot help (401, 403, 404, a refused setting, a project not ours). */
    readonly kind: 'permanent' | 'retry-later',
    message: string,
    readonly status: number | null = null,
    /** For `retry-later`: not before this delay. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ForgeError';
  }

  static permanent(message: string, status: number | null = null): ForgeError {
    return new ForgeError('permanent', message, status);
  }

  static retryLater(message: string, retryAfterMs: number, status: number | null = null): ForgeError {
    return new ForgeError('retry-later', message, status, retryAfterMs);
  }
}

/** A 4xx the caller may interpret (400 "has already been taken", 409 "already exists"). */
export class ForgeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path} → ${status} ${bodyText(body)}`);
    this.name = 'ForgeHttpError';
  }

  /** GitLab's 400 for a duplicate name or path: `{"message":{"path":["has already been taken"]}}`. */
  get alreadyTaken(): boolean {
    return this.status === 400 && /has already been taken/i.test(bodyText(this.body));
  }
}

export function bodyText(body: unknown): string {
  if (body === null || body === undefined) return '';
  return typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body).slice(0, 500);
}

/** The operator's reading of a refusal that retrying cannot fix. */
export function permanentMessage(status: number, method: string, path: string, body: unknown): string {
  const call = `${method} ${path}`;
  switch (status) {
    case 401:
      return `La forge refuse le jeton d’accès (401) : vérifier FORGE_TOKEN (expiré, révoqué ou erroné), puis relancer la publication. / The forge refused the access token (401): check FORGE_TOKEN, then retry. [${call}]`;
    case 403:
      return `Le jeton d’accès n’a pas les droits requis sur la forge (403) : il faut le rôle Maintainer et les portées api et write_repository. / The access token lacks the required rights (403): Maintainer role, scopes api and write_repository. [${call}]`;
    case 404:
      return `Introuvable sur la forge (404) : vérifier le chemin du groupe ou du projet et que le jeton y a accès. / Not found on the forge (404): check the group or project path and the token's access. [${call}]`;
    default:
      if (isVisibilityRefusal(status, body)) {
        return `La forge refuse la visibilité publique du projet (400) : la visibilité du groupe ou les niveaux permis par l’administrateur de la forge l’interdisent ; à corriger dans la configuration de la forge. / The forge refused public visibility (400): a forge configuration matter. [${call}] ${bodyText(body)}`;
      }
      return `La forge a refusé la requête (${status}) : ${bodyText(body)} / The forge refused the request (${status}). [${call}]`;
  }
}

export function isVisibilityRefusal(status: number, body: unknown): boolean {
  return status === 400 && /visibility/i.test(bodyText(body));
}
