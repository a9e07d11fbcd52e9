import { ForgeError, ForgeHttpError, isVisibilityRefusal, permanentMessage } from './forge-errors';
import type {
  CreateProjectRequest,
  CreateReleaseRequest,
  GitlabMetadata,
  GitlabNamespace,
  GitlabProject,
  GitlabProtectedBranch,
  GitlabRelease,
} from './gitlab.types';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, RetryPolicy, throttleDelayMs } from './retry-policy';

export interface GitlabClientOptions {
  /** The instance, e.g. `https://gitlab.forge.gouv.qc.ca` (the client adds `/api/v4`). */
  baseUrl: string;
  token: string;
  policy?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Per call; a call that takes longer counts as "may have reached the server". */
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PUT';

interface CallOptions<T> {
  body?: unknown;
  /** 404 is an answer (null), not a failure: lookups. */
  notFoundIsNull?: boolean;
  /**
   * For a POST that may have reached the server (timeout, dropped connection, 502/503/504):
   * read what it would have created before sending it again; a non-null result ends the call.
   */
  readBeforeRetry?: () => Promise<T | null>;
}

const enc = (pathOrId: string | number) => encodeURIComponent(String(pathOrId));

/**
 * Our own GitLab REST v4 client over `fetch`: the eight calls the publication needs, typed,
 * with the retry rules of docs/forge.md. Tokens go in the `PRIVATE-TOKEN` header, never in a URL.
 */
export class GitlabClient {
  private readonly policy: RetryPolicy;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly api: string;
  /** Every call sent (method, path), for the logs and the tests. */
  readonly sent: { method: string; path: string }[] = [];

  constructor(private readonly options: GitlabClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.api = `${options.baseUrl.replace(/\/+$/, '')}/api/v4`;
  }

  metadata(): Promise<GitlabMetadata> {
    return this.call('GET', '/metadata');
  }

  /** The group of `fullPath` (its id is the namespace_id of a new project). */
  group(fullPath: string): Promise<GitlabNamespace> {
    return this.call('GET', `/groups/${enc(fullPath)}`);
  }

  /** A project by id or full path; null when it does not exist. */
  project(idOrPath: number | string): Promise<GitlabProject | null> {
    return this.call('GET', `/projects/${enc(idOrPath)}`, { notFoundIsNull: true });
  }

  /** POST /projects; a lost answer is followed by a lookup of its path before any new POST. */
  createProject(request: CreateProjectRequest, fullPath: string): Promise<GitlabProject> {
    return this.call('POST', '/projects', { body: request, readBeforeRetry: () => this.project(fullPath) });
  }

  updateTopics(projectId: number, topics: string[]): Promise<GitlabProject> {
    return this.call('PUT', `/projects/${enc(projectId)}`, { body: { topics } });
  }

  protectedBranch(projectId: number, branch: string): Promise<GitlabProtectedBranch | null> {
    return this.call('GET', `/projects/${enc(projectId)}/protected_branches/${enc(branch)}`, { notFoundIsNull: true });
  }

  /** Maintainers push and merge, nobody force-pushes; 409 (already protected) → the existing protection. */
  async protectBranch(projectId: number, branch: string): Promise<GitlabProtectedBranch> {
    try {
      return await this.call<GitlabProtectedBranch>('POST', `/projects/${enc(projectId)}/protected_branches`, {
        body: { name: branch, push_access_level: 40, merge_access_level: 40, allow_force_push: false },
        readBeforeRetry: () => this.protectedBranch(projectId, branch),
      });
    } catch (e) {
      if (e instanceof ForgeHttpError && e.status === 409) {
        const existing = await this.protectedBranch(projectId, branch);
        if (existing) return existing;
      }
      throw e;
    }
  }

  release(projectId: number, tag: string): Promise<GitlabRelease | null> {
    return this.call('GET', `/projects/${enc(projectId)}/releases/${enc(tag)}`, { notFoundIsNull: true });
  }

  /** POST /releases with `ref` (GitLab creates the tag); 409 → the existing release. */
  async createRelease(projectId: number, request: CreateReleaseRequest): Promise<GitlabRelease> {
    try {
      return await this.call<GitlabRelease>('POST', `/projects/${enc(projectId)}/releases`, {
        body: request,
        readBeforeRetry: () => this.release(projectId, request.tag_name),
      });
    } catch (e) {
      if (e instanceof ForgeHttpError && e.status === 409) {
        const existing = await this.release(projectId, request.tag_name);
        if (existing) return existing;
      }
      throw e;
    }
  }

  /**
   * One request with the retry rules: 429 → wait as the server says (POSTs too: a 429 was not
   * processed); 5xx, timeouts and dropped connections → backoff, a POST reading first;
   * 401/403/404 and a visibility 400 → permanent ForgeError; other 4xx → ForgeHttpError.
   */
  private async call<T>(method: Method, path: string, options: CallOptions<T> = {}): Promise<T> {
    let waited = 0;
    let lastProblem = '';
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && method !== 'GET' && options.readBeforeRetry && lastProblem.startsWith('maybe:')) {
        const found = await options.readBeforeRetry();
        if (found !== null) return found;
      }
      const outcome = await this.send(method, path, options.body);
      if ('ok' in outcome) return outcome.ok as T;
      const { res, error } = outcome;
      let delay: number;
      if (res && res.status === 429) {
        delay = throttleDelayMs(res.headers, attempt, this.policy, Date.now(), this.random).ms;
        lastProblem = `429 ${await res.text().catch(() => '')}`.trim();
      } else if (res && res.status >= 500) {
        delay = backoffDelayMs(attempt, this.policy, this.random);
        lastProblem = `maybe:${res.status}`;
        await res.text().catch(() => '');
      } else if (res) {
        const body = await readBody(res);
        if (res.status === 404 && options.notFoundIsNull) return null as T;
        if ([401, 403, 404].includes(res.status) || isVisibilityRefusal(res.status, body)) {
          throw ForgeError.permanent(permanentMessage(res.status, method, path, body), res.status);
        }
        throw new ForgeHttpError(res.status, body, method, path);
      } else {
        delay = backoffDelayMs(attempt, this.policy, this.random);
        // Refused before anything was sent: the POST surely did not arrive.
        lastProblem = error?.refused ? `refused:${error.message}` : `maybe:${error?.message}`;
      }
      const status = res?.status ?? null;
      const what = lastProblem.replace(/^(maybe|refused):/, '');
      if (attempt >= this.policy.maxAttempts || waited + delay > this.policy.maxTotalWaitMs) {
        throw ForgeError.retryLater(
          `La forge ne répond pas correctement (${method} ${path} : ${what}) ; nouvel essai plus tard. / The forge is not answering properly (${what}); retrying later.`,
          Math.max(delay, this.policy.baseDelayMs),
          status,
        );
      }
      await this.sleep(delay);
      waited += delay;
    }
  }

  private async send(
    method: Method,
    path: string,
    body: unknown,
  ): Promise<{ ok: unknown } | { res?: Response; error?: { message: string; refused: boolean } }> {
    this.sent.push({ method, path });
    let url = `${this.api}${path}`;
    let res: Response;
    // Redirects (a moved project) are followed on the same origin only: the token header must
    // never reach another host.
    for (let hop = 0; ; hop++) {
      try {
        res = await this.fetch(url, {
          method,
          headers: {
            'PRIVATE-TOKEN': this.options.token,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
          redirect: 'manual',
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause;
        return { error: { message: (e as Error).message, refused: cause?.code === 'ECONNREFUSED' } };
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location || hop >= 3) break;
      const next = new URL(location, url);
      if (next.origin !== new URL(this.api).origin) {
        throw ForgeError.permanent(
          `La forge redirige vers un autre hôte (${next.origin}) : redirection refusée. / The forge redirects to another host: refused. [${method} ${path}]`,
          res.status,
        );
      }
      url = next.toString();
    }
    if (res.status >= 200 && res.status < 300) return { ok: await readBody(res) };
    return { res };
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
