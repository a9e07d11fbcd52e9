// The one client layer over the API: types generated from the OpenAPI document (schema.d.ts),
// the access token kept in memory only, the refresh (POST /auth/refresh) done here once for
// everyone when a call answers 401, and logout that forgets everything.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Me = Schemas['MeDto'];

/** The tab's refresh token survives a reload of the tab (sessionStorage), never the access token. */
const REFRESH_KEY = 'echanges.refresh';

let accessToken: string | null = null;
let me: Me | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export const session = {
  get me(): Me | null {
    return me;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** An API error envelope: { error: { code, message, details }, requestId }. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** VALIDATION_FAILED field errors, by path (e.g. "criteria[0].weight"). */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    const list = (this.details.fields ?? []) as { path: string; message: string }[];
    for (const f of list) out[f.path] = out[f.path] ? `${out[f.path]} ${f.message}` : f.message;
    return out;
  }
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time; false when the session is over. */
function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      forget();
      return false;
    }
    keep((await res.json()) as Schemas['TokenPairDto']);
    return true;
  })().finally(() => (refreshing = null));
  return refreshing;
}

function keep(pair: Schemas['TokenPairDto']): void {
  accessToken = pair.accessToken;
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
}

function forget(): void {
  accessToken = null;
  me = null;
  sessionStorage.removeItem(REFRESH_KEY);
  notify();
}

async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
  const res = await fetch(request);
  if (res.status !== 401 || request.url.includes('/auth/')) return res;
  if (!accessToken && !sessionStorage.getItem(REFRESH_KEY)) return res;
  if (!(await refresh())) return res;
  retry.headers.set('Authorization', `Bearer ${accessToken}`);
  return fetch(retry);
}

export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });

/** Unwraps an openapi-fetch result: the data, or an ApiError thrown from the envelope. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const envelope = (error ?? {}) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
  throw new ApiError(
    response.status,
    envelope.error?.code ?? 'INTERNAL',
    envelope.error?.message ?? response.statusText,
    envelope.error?.details ?? {},
  );
}

export async function loadMe(): Promise<Me | null> {
  if (!accessToken && !(await refresh())) return null;
  try {
    me = await ok(api.GET('/api/v1/me'));
  } catch {
    me = null;
  }
  notify();
  return me;
}

export async function logIn(email: string, password: string): Promise<Me | null> {
  keep(await ok(api.POST('/api/v1/auth/login', { body: { email, password } })));
  return loadMe();
}

export async function logOut(): Promise<void> {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (refreshToken) await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  forget();
}
