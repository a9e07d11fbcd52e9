import { declaredRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

type Operation = { security?: Record<string, string[]>[]; description?: string; responses?: Record<string, unknown> };

/**
 * Issue 14: the OpenAPI document says exactly what the guard does. A route with a permission is
 * bearer only; a @Public route takes an anonymous call or a bearer token (which, when valid,
 * identifies the caller: AccessGuard), so it lists both. Compared for every operation.
 */
describe('OpenAPI security matches the declared access of every route', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
    doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
  });

  afterAll(async () => {
    await t?.close();
  });

  const key = (requirement: Record<string, string[]>) => JSON.stringify(requirement);

  it('each operation’s security is the route’s permission (bearer) or public (anonymous or bearer)', () => {
    const routes = declaredRoutes(t.app);
    const mismatches: string[] = [];
    let checked = 0;
    for (const { route, access } of routes) {
      const [method, path] = route.split(' ');
      const openApiPath = path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = doc.paths[openApiPath]?.[method.toLowerCase()];
      if (!operation) {
        mismatches.push(`${route}: absent from the document`);
        continue;
      }
      checked += 1;
      const actual = (operation.security ?? []).map(key).sort();
      const anonymous: Record<string, string[]> = {};
      const bearer: Record<string, string[]> = { bearer: [] };
      const expected = (access === 'public' ? [anonymous, bearer] : [bearer]).map(key).sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${route} (${access}): ${JSON.stringify(operation.security)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routes.length);
    expect(checked).toBeGreaterThan(50);
  });

  it('names the public routes the issue found marked bearer-only', () => {
    for (const path of ['/api/v1/opportunities/{id}', '/api/v1/opportunities/{id}/proposals']) {
      expect(doc.paths[path].get.security).toEqual(expect.arrayContaining([{}, { bearer: [] }]));
    }
  });

  it('describes the buyer’s view of GET /opportunities/{id}/proposals: empty by design (§5.1)', () => {
    const operation = doc.paths['/api/v1/opportunities/{id}/proposals'].get;
    expect(operation.description).toMatch(/acheteur/i);
    expect(operation.description).toMatch(/vide/i);
    expect(operation.description).toMatch(/buyer/i);
  });
});
