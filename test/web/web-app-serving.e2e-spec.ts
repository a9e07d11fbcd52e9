import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from './browser';

/** The API process serves the web app at / without taking any API path (src/web/web-app.module.ts). */
describe('Web app served by the API process', () => {
  let t: TestApp;

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({ label: 'webserve', redis: false });
  }, 120_000);
  afterAll(() => t?.close());

  it('answers the app at / and at any deep page URL (history fallback), the API untouched', async () => {
    for (const path of ['/', '/appels/00000000-0000-4000-8000-000000000000?x=1', '/organisation']) {
      const res = await t.http().get(path).set('Accept', 'text/html').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    await t.http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('serves the built assets and the design system kit with its licence notice', async () => {
    const index = (await t.http().get('/').set('Accept', 'text/html')).text;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    const asset = await t.http().get(script).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await t.http().get('/sdg/css/qc-sdg.min.css').expect(200);
    expect((await t.http().get('/sdg/copyright.txt').expect(200)).text).toContain('License');
  });

  it('unknown API paths and missing files keep the JSON 404 envelope, never the page', async () => {
    for (const path of ['/api/v1/nope', '/api/nope', '/health/nope', '/missing.js']) {
      const res = await t.http().get(path).set('Accept', 'text/html,*/*').expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const post = await t.http().post('/appels').set('Accept', 'text/html').expect(404);
    expect(post.body.error.code).toBe('NOT_FOUND');
  });
});
