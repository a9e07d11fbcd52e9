import type { Browser } from 'playwright-core';
import { accountMail } from '../support/accounts';
import { freePort } from '../support/free-port';
import { buyerOfNewPublicBody, expectEnvelope, login, loginAsAdmin, PASSWORD, unique } from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/test-app';
import {
  Actor,
  axeBothLanguages,
  AxeFinding,
  ensureWebBuild,
  launchBrowser,
  newActor,
  switchLanguage,
} from './browser';

/**
 * Issue 14, the account pages in real Chromium: the e-mailed verification and reset links open
 * their pages and work, a signed-in person changes their password, an admin deactivates an
 * account from the list. axe-core (WCAG 2.1 A/AA) on each page, French and English.
 */
describe('Web app: account pages', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let base: string;
  const actors: Actor[] = [];
  const findings: AxeFinding[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    sink = await SmtpSink.start();
    t = await startTestApp({ label: 'webaccounts', redis: false, env: { SMTP_URL: sink.url } });
    const port = await freePort();
    await t.app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    const errors = actors.flatMap((a) => a.errors.map((e) => `${a.name}: ${e}`));
    if (errors.length) console.error(errors.join('\n'));
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  const actor = async (name: string) => {
    const a = await newActor(browser, base, name);
    actors.push(a);
    return a;
  };
  /** The link of an e-mail, opened on this server (PUBLIC_WEB_URL points elsewhere in tests). */
  const open = async (a: Actor, link: string) => {
    const url = new URL(/https?:\/\/\S+#token=\S+/.exec(link)![0]);
    await a.page.goto(`${url.pathname}${url.hash}`);
  };
  const check = async (a: Actor, label: string) => {
    findings.push(...(await axeBothLanguages(a.page, label)));
    await switchLanguage(a.page, 'fr');
  };
  const signIn = async (a: Actor, email: string, password: string) => {
    await a.page.goto('/connexion');
    await a.page.getByLabel('Courriel').fill(email);
    await a.page.getByLabel('Mot de passe').fill(password);
    await a.page.getByRole('button', { name: 'Se connecter' }).click();
    await a.page.getByText(/^Connecté :/).waitFor();
  };

  it('the verification link confirms the address; used again it says the link is spent', async () => {
    const email = `${unique('verif')}@exemple.quebec`;
    await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Marie' }).expect(201);
    const mail = await accountMail(sink, email, /Confirmez votre adresse/);
    const v = await actor('vendor');
    await open(v, mail.text);
    await v.page.getByText('Votre adresse est confirmée').waitFor();
    await check(v, 'verify e-mail');
    await v.page.goto('/'); // (the same URL again would only move to its fragment)
    await open(v, mail.text);
    await v.page
      .getByRole('alert')
      .getByText(/invalide, expiré ou déjà utilisé/)
      .waitFor();
    const session = await login(t, email, PASSWORD);
    expect((await t.http().get('/api/v1/me').set(session.auth).expect(200)).body.emailVerified).toBe(true);
  });

  it('forgotten password: the page sends the link, the link’s page sets the new password', async () => {
    const email = `${unique('oubli')}@exemple.quebec`;
    await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Luc' }).expect(201);
    const v = await actor('forgetful');
    await v.page.goto('/');
    await v.page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await v.page.getByLabel('Courriel').fill(email);
    await check(v, 'forgot password');
    await v.page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await v.page.getByText(/Si un compte actif correspond/).waitFor();

    const mail = await accountMail(sink, email, /Réinitialisation/);
    await open(v, mail.text);
    await v.page.getByLabel('Nouveau mot de passe').fill('court');
    await v.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await v.page
      .getByText(/au moins 12 caractères/)
      .first()
      .waitFor();
    await check(v, 'new password');
    await v.page.getByLabel('Nouveau mot de passe').fill('Retrouve-par-courriel-2026');
    await v.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await v.page.getByText(/Mot de passe changé/).waitFor();
    await login(t, email, 'Retrouve-par-courriel-2026');
  });

  it('a signed-in buyer changes their password; their other session ends', async () => {
    const buyer = await buyerOfNewPublicBody(t, await loginAsAdmin(t));
    const b = await actor('buyer');
    await signIn(b, buyer.email, PASSWORD);
    await b.page.getByRole('link', { name: 'Changer mon mot de passe' }).click();
    await b.page.getByLabel('Mot de passe actuel').fill(PASSWORD);
    await b.page.getByLabel('Nouveau mot de passe').fill('Change-depuis-la-page-2026');
    await check(b, 'change password');
    await b.page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await b.page.getByText(/vos autres sessions ont pris fin/).waitFor();
    expectEnvelope(await t.http().get('/api/v1/me').set(buyer.auth).expect(401), 'UNAUTHENTICATED');
  });

  it('an admin finds an account by e-mail and deactivates it', async () => {
    const target = await buyerOfNewPublicBody(t, await loginAsAdmin(t));
    const a = await actor('admin');
    await signIn(a, ADMIN_EMAIL, ADMIN_PASSWORD);
    await a.page.getByRole('link', { name: 'Comptes' }).click();
    await a.page.getByLabel('Adresse courriel contient').fill(target.email);
    await a.page.getByText('1 compte(s)').waitFor();
    await check(a, 'accounts');
    await a.page.getByRole('button', { name: `Désactiver ${target.email}` }).click();
    await a.page.getByRole('button', { name: `Réactiver ${target.email}` }).waitFor();
    expectEnvelope(await t.http().get('/api/v1/me').set(target.auth).expect(401), 'UNAUTHENTICATED');
  });

  it('finds no serious or critical accessibility problem on these pages', () => {
    expect(findings).toEqual([]);
    expect(actors.flatMap((a) => a.errors)).toEqual([]);
  });
});
