import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const INDEX = join(ROOT, 'dist', 'web', 'index.html');

/** Debian's Chromium (.ci/run installs it); no browser is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    newest = Math.max(newest, s.isDirectory() ? newestSource(path) : s.mtimeMs);
  }
  return newest;
}

/** Builds the web app (vite) when dist/web is missing or older than web/src, as `npm run build` would. */
export function ensureWebBuild(): void {
  const sources = Math.max(newestSource(join(ROOT, 'web', 'src')), statSync(join(ROOT, 'web', 'index.html')).mtimeMs);
  if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts'],
    {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Where screenshots go: docs/screenshots when SCREENSHOTS=1 (to refresh the README's), else a temp folder. */
mkdirSync(join(tmpdir(), 'echanges-screenshots'), { recursive: true });
export const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(tmpdir(), 'echanges-screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export interface Actor {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Every API response body this browser received (URL and text), for the sealed-bid check. */
  responses: { url: string; body: string }[];
  /** Uncaught page errors (a broken page must fail the test). */
  errors: string[];
}

export async function newActor(browser: Browser, baseURL: string, name: string): Promise<Actor> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'fr-CA' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const actor: Actor = { name, context, page, responses: [], errors: [] };
  page.on('pageerror', (e) => actor.errors.push(e.message));
  page.on('response', (res) => {
    if (!new URL(res.url()).pathname.startsWith('/api/')) return;
    res.text().then(
      (body) => actor.responses.push({ url: res.url(), body }),
      () => undefined,
    );
  });
  return actor;
}

export interface AxeFinding {
  page: string;
  lang: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is, in French and then in English
 * (switching with the header's language link, and back), and returns the serious and critical
 * violations.
 */
export async function axeBothLanguages(page: Page, label: string): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  for (const lang of ['fr', 'en'] as const) {
    if (lang === 'en') await switchLanguage(page, 'en');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      findings.push({
        page: label,
        lang,
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      });
    }
  }
  await switchLanguage(page, 'fr');
  return findings;
}

export async function switchLanguage(page: Page, lang: 'fr' | 'en'): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.getByRole('link', { name: lang === 'en' ? 'English' : 'Français' }).click();
  await page.waitForFunction(
    (l) =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang ===
      l,
    lang,
  );
}

export async function screenshot(page: Page, name: string, dir = SCREENSHOT_DIR): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** A page as it was when a test ended (to see why it failed): always in the temp folder. */
export const lastScreenshot = (page: Page, name: string) =>
  screenshot(page, `last-${name.replace(/\s/g, '-')}`, join(tmpdir(), 'echanges-screenshots'));

/** Clicks, then waits for `done`; if an error alert shows first, fails with its text. */
export async function clickAndExpect(
  page: Page,
  click: () => Promise<void>,
  done: () => Promise<unknown>,
): Promise<void> {
  await click();
  const alert = page.locator('.app-alert-error');
  const failed = alert.waitFor({ timeout: 10_000 }).then(
    async () => `error shown: ${await alert.innerText()}`,
    () => null,
  );
  const outcome = await Promise.race([done().then(() => null), failed]);
  if (outcome) throw new Error(outcome);
}

/** Waits for the error alert and checks it names `code` (failing with what it says otherwise). */
export async function expectAlert(page: Page, code: string): Promise<void> {
  const alert = page.locator('.app-alert-error');
  try {
    await alert.filter({ hasText: `Code : ${code}` }).waitFor();
  } catch {
    throw new Error(`expected ${code}, the page says: ${await alert.allInnerTexts()}`);
  }
}
