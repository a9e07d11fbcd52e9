import * as fs from 'node:fs';
import { lazyModule } from '../../common/util/lazy-module';
import { ForgeError } from '../gitlab/forge-errors';
import { DEFAULT_BRANCH } from './delivered-tree';

// Loaded at the first publication, not at start.
const git = lazyModule<typeof import('isomorphic-git')>('isomorphic-git');
const gitHttp = lazyModule<typeof import('isomorphic-git/http/node')>('isomorphic-git/http/node');

export interface PushTarget {
  /** The project's `http_url_to_repo` (ends in `.git`). */
  url: string;
  token: string;
}

const auth = (token: string) => ({
  onAuth: () => ({ username: 'oauth2', password: token }),
  // A refused token is final: isomorphic-git would otherwise ask again.
  onAuthFailure: () => ({ cancel: true }),
});

/** The remote's default branch head, or null when the repository is empty. */
export async function remoteHead(target: PushTarget): Promise<string | null> {
  const refs = await gitCall(() =>
    git().listServerRefs({
      http: gitHttp().default,
      url: target.url,
      forPush: true,
      protocolVersion: 1,
      ...auth(target.token),
    }),
  );
  return refs.find((r) => r.ref === `refs/heads/${DEFAULT_BRANCH}`)?.oid ?? null;
}

/**
 * Pushes our commit as the default branch, never forced (docs/forge.md): when the remote
 * already has it, nothing is sent; when the remote holds another history, it has diverged
 * (someone pushed): a permanent failure for a person to look at.
 */
export async function pushDefaultBranch(dir: string, sha: string, target: PushTarget): Promise<{ pushed: boolean }> {
  const head = await remoteHead(target);
  if (head === sha) return { pushed: false };
  if (head !== null) throw diverged(head, sha);
  const result = await gitCall(() =>
    git().push({
      fs,
      http: gitHttp().default,
      dir,
      url: target.url,
      ref: DEFAULT_BRANCH,
      remoteRef: `refs/heads/${DEFAULT_BRANCH}`,
      ...auth(target.token),
    }),
  );
  const ref = result.refs?.[`refs/heads/${DEFAULT_BRANCH}`];
  if (!result.ok || (ref && !ref.ok)) {
    throw ForgeError.permanent(
      `La forge a refusé l’envoi de la branche ${DEFAULT_BRANCH} : ${ref?.error ?? result.error ?? 'motif inconnu'}. / The forge refused the push: ${ref?.error ?? result.error ?? 'unknown reason'}.`,
    );
  }
  return { pushed: true };
}

function diverged(remote: string, ours: string): ForgeError {
  return ForgeError.permanent(
    `Le dépôt sur la forge a divergé : la branche ${DEFAULT_BRANCH} pointe sur ${remote}, pas sur le commit de la livraison ${ours}. Aucun envoi forcé n’est fait ; vérifier qui a poussé dans ce projet. / The forge repository has diverged (${remote} ≠ ${ours}); no force push is made.`,
  );
}

/** isomorphic-git errors in the publication's terms. */
async function gitCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const err = e as { code?: string; data?: { statusCode?: number; reason?: string }; message?: string };
    if (err.code === 'PushRejectedError') {
      throw ForgeError.permanent(
        `La forge refuse l’envoi (${err.data?.reason ?? 'rejet'}) : le dépôt a divergé ; aucun envoi forcé n’est fait. / The forge rejected the push (${err.data?.reason ?? 'rejected'}): diverged, no force push.`,
      );
    }
    const status = err.data?.statusCode;
    if (err.code === 'HttpError' && (status === 401 || status === 403)) {
      throw ForgeError.permanent(
        `La forge refuse l’accès git au dépôt (${status}) : le jeton doit avoir la portée write_repository et le rôle Maintainer. / The forge refused git access (${status}): write_repository scope and Maintainer role needed.`,
        status,
      );
    }
    if (err.code === 'HttpError' && status === 404) {
      throw ForgeError.permanent(
        'Dépôt introuvable sur la forge (404). / Repository not found on the forge (404).',
        404,
      );
    }
    if (err.code === 'UserCanceledError') {
      throw ForgeError.permanent(
        'La forge refuse le jeton pour l’accès git. / The forge refused the token for git access.',
        401,
      );
    }
    throw ForgeError.retryLater(
      `Échec de l’échange git avec la forge (${err.message ?? String(e)}) ; nouvel essai plus tard. / Git exchange with the forge failed; retrying later.`,
      5_000,
      status ?? null,
    );
  }
}
