import { ForgeError, ForgeHttpError } from './forge-errors';
import { GitlabClient } from './gitlab-client';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, rateLimitResetMs, retryAfterMs } from './retry-policy';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A client over a scripted fetch; sleeps are recorded, not slept. */
function scripted(replies: Reply[], policy = {}) {
  const calls: { method: string; url: string; headers: Record<string, string> }[] = [];
  const slept: number[] = [];
  const fetchStub = (async (url: string, init: RequestInit) => {
    calls.push({ method: init.method ?? 'GET', url, headers: init.headers as Record<string, string> });
    const r = replies.shift();
    if (!r) throw new Error('no more replies');
    if (r instanceof Error) throw r;
    const body = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return new Response(body, { status: r.status, headers: r.headers });
  }) as unknown as typeof fetch;
  const client = new GitlabClient({
    baseUrl: 'https://gitlab.example.test/',
    token: 'glpat-secret',
    fetch: fetchStub,
    sleep: async (ms) => void slept.push(ms),
    random: () => 1,
    policy,
  });
  return { client, calls, slept };
}

const project = { id: 7, path_with_namespace: 'grp/proj', topics: [], description: null };

describe('GitlabClient', () => {
  it('sends the token in PRIVATE-TOKEN, never in the URL, and encodes paths', async () => {
    const { client, calls } = scripted([{ status: 200, body: { id: 3, full_path: 'grp/sub' } }]);
    await client.group('grp/sub');
    expect(calls[0].url).toBe('https://gitlab.example.test/api/v4/groups/grp%2Fsub');
    expect(calls[0].headers['PRIVATE-TOKEN']).toBe('glpat-secret');
    expect(calls[0].url).not.toContain('glpat');
  });

  it('429 with Retry-After: 2 waits 2 s, then retries the POST (a 429 was not processed)', async () => {
    const { client, calls, slept } = scripted([
      { status: 429, body: 'Retry later', headers: { 'Retry-After': '2' } },
      { status: 201, body: project },
    ]);
    await client.createProject({} as never, 'grp/proj');
    expect(slept).toEqual([2000]);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'POST']);
  });

  it('429 with an HTTP-date Retry-After, or RateLimit-Reset only, waits until then', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(retryAfterMs('Tue, 01 Dec 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('demain', now)).toBeNull();
    expect(rateLimitResetMs(String(now / 1000 + 7), now)).toBe(7000);
  });

  it('429 without headers backs off exponentially, with jitter, capped', async () => {
    const { client, slept } = scripted([{ status: 429 }, { status: 429 }, { status: 200, body: project }]);
    await client.project(7);
    expect(slept).toEqual([1000, 2000]);
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(500);
    expect(backoffDelayMs(20, DEFAULT_RETRY_POLICY, () => 1)).toBe(60_000);
  });

  it('502 on a POST reads first, and does not POST again when the project exists', async () => {
    const { client, calls } = scripted([{ status: 502 }, { status: 200, body: project }]);
    const p = await client.createProject({} as never, 'grp/proj');
    expect(p.id).toBe(7);
    expect(calls.map((c) => `${c.method} ${c.url.split('/api/v4')[1]}`)).toEqual([
      'POST /projects',
      'GET /projects/grp%2Fproj',
    ]);
  });

  it('a dropped connection on a POST reads first, then POSTs again when nothing was created', async () => {
    const { client, calls } = scripted([
      new TypeError('fetch failed'),
      { status: 404 },
      { status: 201, body: project },
    ]);
    await client.createProject({} as never, 'grp/proj');
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it.each([
    [401, { message: '401 Unauthorized' }, 'FORGE_TOKEN'],
    [403, { message: '403 Forbidden' }, 'Maintainer'],
    [404, { message: '404 Group Not Found' }, 'Introuvable'],
    [400, { message: { visibility_level: ['public is not allowed'] } }, 'visibilité'],
  ])('%s is permanent at once, with an operator message', async (status, body, words) => {
    const { client, calls } = scripted([{ status, body }]);
    const error = await client.group('grp').catch((e) => e);
    expect(error).toBeInstanceOf(ForgeError);
    expect(error).toMatchObject({ kind: 'permanent', status });
    expect(error.message).toContain(words);
    expect(error.message).not.toContain('glpat-secret');
    expect(calls).toHaveLength(1);
  });

  it('400 "has already been taken" is left to the caller', async () => {
    const { client } = scripted([{ status: 400, body: { message: { path: ['has already been taken'] } } }]);
    const error = await client.createProject({} as never, 'grp/proj').catch((e) => e);
    expect(error).toBeInstanceOf(ForgeHttpError);
    expect(error.alreadyTaken).toBe(true);
  });

  it('409 on a release reads the existing one', async () => {
    const release = { tag_name: 'v1', commit: { id: 'a'.repeat(40) } };
    const { client } = scripted([
      { status: 409, body: { message: 'Release already exists' } },
      { status: 200, body: release },
    ]);
    await expect(client.createRelease(7, { tag_name: 'v1' } as never)).resolves.toEqual(release);
  });

  it('a wait beyond the in-process budget becomes retry-later (the job waits, not the worker)', async () => {
    const { client, slept } = scripted([{ status: 429, headers: { 'Retry-After': '600' } }]);
    const error = await client.project(7).catch((e) => e);
    expect(error).toMatchObject({ kind: 'retry-later', retryAfterMs: 600_000, status: 429 });
    expect(slept).toEqual([]);
  });

  it('stops after maxAttempts calls', async () => {
    const { client, calls } = scripted([{ status: 503 }, { status: 503 }, { status: 503 }], { maxAttempts: 3 });
    await expect(client.project(7)).rejects.toMatchObject({ kind: 'retry-later', status: 503 });
    expect(calls).toHaveLength(3);
  });
});

describe('GitlabClient redirects', () => {
  it('follows a same-origin redirect (a moved project) and refuses another host, token kept home', async () => {
    const same = scripted([
      { status: 301, headers: { location: 'https://gitlab.example.test/api/v4/projects/8' } },
      { status: 200, body: project },
    ]);
    await expect(same.client.project('grp/old')).resolves.toMatchObject({ id: 7 });
    expect(same.calls.map((c) => c.url)).toEqual([
      'https://gitlab.example.test/api/v4/projects/grp%2Fold',
      'https://gitlab.example.test/api/v4/projects/8',
    ]);
    const other = scripted([{ status: 302, headers: { location: 'https://evil.example/steal' } }]);
    await expect(other.client.project(7)).rejects.toMatchObject({ kind: 'permanent' });
    expect(other.calls).toHaveLength(1);
  });
});
