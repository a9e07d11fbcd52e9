import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A loopback GitLab stand-in for the forge tests (docs/forge.md, "Test rig"): the REST v4 calls
 * the publication makes, with GitLab's documented shapes and error bodies, fault-injection
 * switches, and real bare repositories served by `git http-backend` (CGI), so that a push is
 * a real git push. Listens on 127.0.0.1 only. Everything is async: a synchronous `git` call
 * in this process would block the server that git talks to.
 */

export interface RigProject {
  id: number;
  name: string;
  path: string;
  path_with_namespace: string;
  description: string | null;
  topics: string[];
  default_branch: string | null;
  visibility: string;
  http_url_to_repo: string;
  web_url: string;
  namespace: { id: number; kind: string; full_path: string };
}

export interface RigRelease {
  tag_name: string;
  name: string;
  description: string;
  released_at: string;
  commit: { id: string };
  _links: { self: string };
}

/** A canned answer for the next matching calls. */
export interface Fault {
  method?: string;
  /** Matches the start of the API path after /api/v4 (e.g. `/projects`), or `git` for git traffic. */
  path?: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many calls it answers (default 1). */
  times?: number;
  /** Process the call first, then answer with the fault (a response lost after the fact). */
  afterProcessing?: boolean;
}

export interface RigCall {
  method: string;
  path: string;
  status: number;
  at: number;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

export class MiniForge {
  readonly root = mkdtempSync(join(tmpdir(), 'mini-forge-'));
  private readonly home = mkdtempSync(join(tmpdir(), 'mini-forge-home-'));
  private server!: Server;
  url = '';
  token = 'glpat-test-token-0000';
  /** Visibility `public` refused (a group less visible than the project). */
  refusePublic = false;
  readonly groups = new Map<string, { id: number; full_path: string }>();
  readonly projects = new Map<number, RigProject>();
  readonly releases = new Map<number, Map<string, RigRelease>>();
  readonly protectedBranches = new Map<number, Set<string>>();
  readonly calls: RigCall[] = [];
  private faults: Fault[] = [];
  private nextId = 100;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) json(res, 500, { message: `500 Internal Server Error: ${(e as Error).message}` });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.home, { recursive: true, force: true });
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  addGroup(fullPath: string): void {
    const parts = fullPath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (!this.groups.has(p.toLowerCase())) this.groups.set(p.toLowerCase(), { id: this.nextId++, full_path: p });
    }
  }

  /** A project made by someone else (another team, a forge admin): no marker of ours. */
  async addProject(
    fullPath: string,
    fields: Partial<Pick<RigProject, 'description' | 'topics'>> = {},
  ): Promise<RigProject> {
    const cut = fullPath.lastIndexOf('/');
    this.addGroup(fullPath.slice(0, cut));
    return this.createProject(fullPath.slice(0, cut), fullPath.slice(cut + 1), fullPath.slice(cut + 1), {
      description: fields.description ?? 'Projet créé par l’équipe de la forge.',
      topics: fields.topics ?? [],
      visibility: 'public',
    });
  }

  projectByPath(fullPath: string): RigProject | undefined {
    return [...this.projects.values()].find((p) => p.path_with_namespace.toLowerCase() === fullPath.toLowerCase());
  }

  bareRepo(p: RigProject): string {
    return join(this.root, `${p.path_with_namespace}.git`);
  }

  /** `git` in a project's bare repository. */
  async git(p: RigProject, ...args: string[]): Promise<string> {
    const { stdout } = await run('git', ['--git-dir', this.bareRepo(p), ...args], { env: this.gitEnv() });
    return stdout;
  }

  /** Someone else pushes a commit of their own to `main` (a diverged remote). */
  async pushForeignCommit(p: RigProject): Promise<string> {
    const blob = await this.gitStdin(p, 'Autre contenu\n', 'hash-object', '-w', '--stdin');
    const tree = await this.gitStdin(p, `100644 blob ${blob}\tREADME.md\n`, 'mktree');
    const commit = (await this.git(p, 'commit-tree', tree, '-m', 'Commit d’une autre personne')).trim();
    await this.git(p, 'update-ref', 'refs/heads/main', commit);
    return commit;
  }

  private async gitStdin(p: RigProject, input: string, ...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['--git-dir', this.bareRepo(p), ...args], { env: this.gitEnv() });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`git ${args[0]} → ${code}`))));
      child.stdin.end(input);
    });
  }

  private gitEnv(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Forge',
      GIT_AUTHOR_EMAIL: 'forge@example.test',
      GIT_COMMITTER_NAME: 'Forge',
      GIT_COMMITTER_EMAIL: 'forge@example.test',
    };
  }

  private takeFault(method: string, path: string): Fault | null {
    const i = this.faults.findIndex(
      (f) =>
        (!f.method || f.method === method) &&
        (!f.path || path.startsWith(f.path) || (f.path === 'git' && path === 'git')),
    );
    if (i < 0) return null;
    const f = this.faults[i];
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/api/v4/')) return this.gitHttp(req, res, url);
    const path = url.pathname.slice('/api/v4'.length);
    const record = (status: number) => this.calls.push({ method, path, status, at: Date.now() });
    const fault = this.takeFault(method, path);
    const sendFault = (f: Fault) => {
      record(f.status);
      if (f.status === 429 && f.body === undefined) {
        res.writeHead(429, { 'content-type': 'text/plain', ...f.headers });
        res.end('Retry later\n');
      } else json(res, f.status, f.body ?? { message: `${f.status} Bad Gateway` }, f.headers);
    };
    if (fault && !fault.afterProcessing) return sendFault(fault);
    if (req.headers['private-token'] !== this.token && req.headers.authorization !== `Bearer ${this.token}`) {
      record(401);
      return json(res, 401, { message: '401 Unauthorized' });
    }
    const params = { ...Object.fromEntries(url.searchParams), ...(await readJson(req)) };
    const [status, body] = await this.api(method, path, params);
    if (fault) return sendFault(fault);
    record(status);
    json(res, status, body);
  }

  private async api(method: string, path: string, params: Record<string, any>): Promise<[number, unknown]> {
    const seg = path.split('/').slice(1).map(decodeURIComponent);
    const notFound = (what: string): [number, unknown] => [404, { message: `404 ${what} Not Found` }];
    if (method === 'GET' && path === '/metadata')
      return [200, { version: '18.1.1-ee', revision: 'rig', enterprise: true }];
    if (method === 'GET' && seg[0] === 'groups' && seg.length === 2) {
      const g = this.groupOf(seg[1]);
      return g ? [200, { ...g, kind: 'group' }] : notFound('Group');
    }
    if (method === 'POST' && path === '/projects') return this.postProject(params);
    if (seg[0] !== 'projects' || seg.length < 2) return notFound('Endpoint');
    const p = this.projectOf(seg[1]);
    if (!p) return notFound('Project');
    const rest = seg.slice(2);
    if (rest.length === 0 && method === 'GET') return [200, p];
    if (rest.length === 0 && method === 'PUT') {
      if (Array.isArray(params.topics)) p.topics = params.topics;
      if (typeof params.description === 'string') p.description = params.description;
      return [200, p];
    }
    if (rest[0] === 'protected_branches') {
      const set = this.protectedBranches.get(p.id) ?? new Set<string>();
      this.protectedBranches.set(p.id, set);
      const view = (name: string) => ({
        id: p.id * 10,
        name,
        push_access_levels: [{ access_level: 40, access_level_description: 'Maintainers' }],
        merge_access_levels: [{ access_level: 40, access_level_description: 'Maintainers' }],
        allow_force_push: false,
        code_owner_approval_required: false,
      });
      if (method === 'GET' && rest.length === 2)
        return set.has(rest[1]) ? [200, view(rest[1])] : notFound('Protected Branch');
      if (method === 'POST' && rest.length === 1) {
        if (set.has(params.name)) return [409, { message: `Protected branch '${params.name}' already exists` }];
        set.add(params.name);
        return [201, view(params.name)];
      }
    }
    if (rest[0] === 'releases') {
      const map = this.releases.get(p.id) ?? new Map<string, RigRelease>();
      this.releases.set(p.id, map);
      if (method === 'GET' && rest.length === 2)
        return map.has(rest[1]) ? [200, map.get(rest[1])] : notFound('Release');
      if (method === 'POST' && rest.length === 1) return this.postRelease(p, map, params);
    }
    return notFound('Endpoint');
  }

  private groupOf(idOrPath: string) {
    if (/^\d+$/.test(idOrPath)) return [...this.groups.values()].find((g) => g.id === Number(idOrPath));
    return this.groups.get(idOrPath.toLowerCase());
  }

  private projectOf(idOrPath: string) {
    if (/^\d+$/.test(idOrPath)) return this.projects.get(Number(idOrPath));
    return this.projectByPath(idOrPath);
  }

  private async postProject(params: Record<string, any>): Promise<[number, unknown]> {
    const ns = [...this.groups.values()].find((g) => g.id === Number(params.namespace_id));
    if (!ns) return [404, { message: '404 Namespace Not Found' }];
    if (!params.name || !params.path)
      return [400, { error: 'name, path are missing, at least one parameter must be provided' }];
    if (this.refusePublic && params.visibility === 'public') {
      return [400, { message: { visibility_level: ['public is not allowed in a private group.'] } }];
    }
    const taken = this.projectByPath(`${ns.full_path}/${params.path}`);
    if (taken) return [400, { message: { name: ['has already been taken'], path: ['has already been taken'] } }];
    const p = await this.createProject(ns.full_path, params.path, params.name, params);
    return [201, p];
  }

  private async createProject(
    nsPath: string,
    path: string,
    name: string,
    params: Record<string, any>,
  ): Promise<RigProject> {
    const ns = this.groups.get(nsPath.toLowerCase())!;
    const full = `${ns.full_path}/${path}`;
    const p: RigProject = {
      id: this.nextId++,
      name,
      path,
      path_with_namespace: full,
      description: params.description ?? null,
      topics: params.topics ?? [],
      default_branch: null,
      visibility: params.visibility ?? 'private',
      http_url_to_repo: `${this.url}/${full}.git`,
      web_url: `${this.url}/${full}`,
      namespace: { id: ns.id, kind: 'group', full_path: ns.full_path },
    };
    mkdirSync(join(this.root, ns.full_path), { recursive: true });
    await run('git', ['init', '--bare', '-q', '-b', 'main', this.bareRepo(p)], { env: this.gitEnv() });
    this.projects.set(p.id, p);
    return p;
  }

  private async postRelease(
    p: RigProject,
    map: Map<string, RigRelease>,
    params: Record<string, any>,
  ): Promise<[number, unknown]> {
    const tag = String(params.tag_name ?? '');
    if (!tag) return [400, { error: 'tag_name is missing' }];
    if (map.has(tag)) return [409, { message: 'Release already exists' }];
    let target = (await this.git(p, 'rev-parse', '-q', '--verify', `refs/tags/${tag}^{commit}`).catch(() => '')).trim();
    if (!target) {
      if (!params.ref) return [422, { message: 'Ref is not specified' }];
      const ref = (await this.git(p, 'rev-parse', '-q', '--verify', `${params.ref}^{commit}`).catch(() => '')).trim();
      if (!ref) return [400, { message: 'Ref is not valid' }];
      const args = params.tag_message ? ['tag', '-a', tag, '-m', params.tag_message, ref] : ['tag', tag, ref];
      await this.git(p, ...args);
      target = ref;
    }
    const release: RigRelease = {
      tag_name: tag,
      name: params.name ?? tag,
      description: params.description ?? '',
      released_at: params.released_at ?? new Date().toISOString(),
      commit: { id: target },
      _links: { self: `${p.web_url}/-/releases/${encodeURIComponent(tag)}` },
    };
    map.set(tag, release);
    return [201, release];
  }

  // ─── Smart HTTP through git http-backend (CGI) ──────────────────────────────

  private async gitHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const record = (status: number) => this.calls.push({ method, path: 'git', status, at: Date.now() });
    const fault = this.takeFault(method, 'git');
    if (fault) {
      record(fault.status);
      res.writeHead(fault.status, fault.headers);
      return void res.end();
    }
    const expected = `Basic ${Buffer.from(`oauth2:${this.token}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      record(401);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="GitLab"', 'content-type': 'text/plain' });
      return void res.end('HTTP Basic: Access denied\n');
    }
    const env: NodeJS.ProcessEnv = {
      ...this.gitEnv(),
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: method,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'oauth2',
      REMOTE_ADDR: '127.0.0.1',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
    if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
    const child = spawn('git', ['http-backend'], { env });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      const endLf = head.indexOf('\n\n');
      const cut = end >= 0 ? end : endLf;
      if (cut < 0) return;
      const sep = end >= 0 ? 4 : 2;
      const lines = head.subarray(0, cut).toString('latin1').split(/\r?\n/);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else headers[name] = value;
      }
      headersDone = true;
      record(status);
      res.writeHead(status, headers);
      res.write(head.subarray(cut + sep));
    });
    child.on('close', () => {
      if (!headersDone) {
        record(500);
        res.writeHead(500);
      }
      res.end();
    });
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export async function startMiniForge(): Promise<MiniForge> {
  return new MiniForge().start();
}
