import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { freePort } from '../support/free-port';
import {
  buyerOfNewPublicBody,
  createDraft,
  createProposal,
  createVendorOrganization,
  loginAsAdmin,
  nextNeq,
  PASSWORD,
  proposalBody,
  publishOpportunity,
  registerVendor,
  Session,
  setDeadlines,
  unique,
} from '../support/scenario';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/test-app';
import {
  Actor,
  axeBothLanguages,
  AxeFinding,
  clickAndExpect,
  ensureWebBuild,
  lastScreenshot,
  launchBrowser,
  newActor,
} from './browser';

/**
 * The flows beside the main story, each through its page (the states before it are set over
 * the API): the ineligible register (admin), an invitation to join a business (accepted by the
 * invited vendor), invitations to a call by invitation (buyer), proposal attachments (vendor),
 * cancellation (buyer; the public reads the reason), conclusion without award (buyer, no
 * proposal). axe-core on each page, in French and English.
 */
describe('Web app: register, invitations, attachments, cancellation, conclusion', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let dir: string;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };
  let owner: Session;
  let invitee: Session;
  let vendor: { id: string; legalName: string };
  const actors: Actor[] = [];
  const findings: AxeFinding[] = [];

  const actor = async (name: string, email: string, password = PASSWORD) => {
    const a = await newActor(browser, base, name);
    actors.push(a);
    await a.page.goto('/connexion');
    await a.page.getByLabel('Courriel').fill(email);
    await a.page.getByLabel('Mot de passe').fill(password);
    await a.page.getByRole('button', { name: 'Se connecter' }).click();
    await a.page.getByText(/^Connecté :/).waitFor();
    return a;
  };
  const check = async (a: Actor, label: string) => {
    await a.page.locator('h1').first().waitFor();
    findings.push(...(await axeBothLanguages(a.page, label)));
  };
  const buyerActor = async () => actors.find((a) => a.name === 'buyer') ?? actor('buyer', buyer.email);
  const published = (overrides: Record<string, unknown> = {}) =>
    publishOpportunity(t, { admin, buyer }, { forgeProjectPath: `gouv/echanges/${unique('web')}`, ...overrides });

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({ label: 'webflows' });
    const port = await freePort();
    await t.app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    owner = await registerVendor(t, 'Propriétaire Gamma');
    invitee = await registerVendor(t, 'Invitée Delta');
    const org = await createVendorOrganization(t, owner);
    vendor = { id: org.id, legalName: org.legalName };
    dir = mkdtempSync(join(tmpdir(), 'echanges-web-flows-'));
    writeFileSync(join(dir, 'references.md'), '# Références\n\nTrois projets semblables livrés en 2025.\n');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const a of actors) await lastScreenshot(a.page, a.name).catch(() => undefined);
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the admin adds a business to the ineligible register', async () => {
    const a = await actor('register admin', ADMIN_EMAIL, ADMIN_PASSWORD);
    await a.page.getByRole('link', { name: 'Administration' }).click();
    const register = a.page.locator('section', {
      has: a.page.getByRole('heading', { name: /^Registre des entreprises/ }),
    });
    await register.getByText('Le registre est vide.').waitFor();
    await register.getByLabel('NEQ de l’entreprise').fill(nextNeq());
    await register.getByLabel('Nom de l’entreprise').fill('Entreprise Fautive inc.');
    await register.getByLabel('Premier jour (AAAA-MM-JJ)').fill(new Date().toISOString().slice(0, 10));
    await clickAndExpect(
      a.page,
      () => register.getByRole('button', { name: 'Inscrire au registre' }).click(),
      () => register.getByText('Entreprise inscrite au registre.').waitFor(),
    );
    await register.getByRole('cell', { name: 'Entreprise Fautive inc.' }).waitFor();
    await check(a, 'administration with the register');
  });

  it('an owner invites a vendor to the business; the invited vendor accepts on its page', async () => {
    const o = await actor('owner', owner.email);
    await o.page.getByRole('link', { name: 'Mon entreprise' }).click();
    await o.page.getByLabel('Courriel du nouveau membre').fill(invitee.email);
    await clickAndExpect(
      o.page,
      () => o.page.getByRole('button', { name: 'Ajouter le membre' }).click(),
      () => o.page.getByText('Membre ajouté.').waitFor(),
    );
    const i = await actor('invitee', invitee.email);
    await i.page.goto('/organisation');
    await i.page.getByRole('heading', { name: 'Invitations à rejoindre une entreprise' }).waitFor();
    await check(i, 'organization invitation');
    await clickAndExpect(
      i.page,
      () => i.page.getByRole('button', { name: `Accepter l’invitation de ${vendor.legalName}` }).click(),
      () => i.page.getByText('Invitation acceptée').waitFor(),
    );
    await i.page.getByRole('heading', { name: vendor.legalName }).waitFor();
  });

  it('the buyer invites the business to a draft call by invitation, then submits it for review', async () => {
    const o = await createDraft(t, buyer, {
      procurementMode: 'invitation',
      forgeProjectPath: `gouv/echanges/${unique('web')}`,
    });
    const b = await buyerActor();
    await b.page.goto(`/appels/${o.id}`);
    await b.page.getByLabel('Identifiants des entreprises invitées').fill(vendor.id);
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Envoyer les invitations' }).click(),
      () => b.page.getByText('Invitations envoyées.').waitFor(),
    );
    await b.page.getByRole('listitem').filter({ hasText: vendor.legalName }).waitFor();
    await check(b, 'invitations (buyer)');
    // A call by invitation goes to review only with its invited businesses: now it does.
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Soumettre pour révision' }).click(),
      () => b.page.getByText('Appel soumis pour révision.').waitFor(),
    );
  });

  it('a vendor attaches a file to its proposal, sees its SHA-256, and removes it', async () => {
    const o = await published();
    await createProposal(t, owner, o.id, proposalBody(o, vendor.id));
    const v = actors.find((a) => a.name === 'owner')!;
    await v.page.goto(`/appels/${o.id}/proposition`);
    await v.page.getByLabel('Fichier à joindre').setInputFiles(join(dir, 'references.md'));
    await clickAndExpect(
      v.page,
      () => v.page.getByRole('button', { name: 'Joindre le fichier' }).click(),
      () => v.page.getByText('Fichier joint.').waitFor(),
    );
    await v.page
      .getByRole('listitem')
      .filter({ hasText: /references\.md — 1 Ko, SHA-256 [0-9a-f]{64}/ })
      .waitFor();
    await check(v, 'proposal with an attachment');
    await v.page.reload();
    await clickAndExpect(
      v.page,
      () => v.page.getByRole('button', { name: 'Retirer references.md' }).click(),
      () => v.page.getByText('Fichier retiré.').waitFor(),
    );
    await v.page.getByText('Aucune pièce jointe.').waitFor();
  });

  it('the buyer cancels a published call; the public reads the reason', async () => {
    const o = await published();
    const b = await buyerActor();
    await b.page.goto(`/appels/${o.id}`);
    await b.page.getByLabel('Motif de l’annulation (public)').fill('Le besoin a été comblé autrement.');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Annuler l’appel' }).click(),
      () => b.page.locator('.app-status', { hasText: 'Annulé' }).waitFor(),
    );
    const p = await newActor(browser, base, 'public');
    actors.push(p);
    await p.page.goto(`/appels/${o.id}`);
    await p.page.getByText(/Le besoin a été comblé autrement\./).waitFor();
    await check(p, 'cancelled call (public)');
  });

  it('with no proposal at the deadline, the buyer concludes without award', async () => {
    const o = await published();
    await setDeadlines(t, o.id, { questions: '-2 seconds', proposal: '-1 second' });
    const b = await buyerActor();
    await b.page.goto(`/appels/${o.id}/evaluation`);
    await b.page.getByLabel('Motif (public, transmis aux soumissionnaires)').fill('Aucune proposition reçue.');
    await check(b, 'conclusion without award (buyer)');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Conclure sans adjudication' }).click(),
      () => b.page.locator('.app-status', { hasText: 'Sans adjudication' }).waitFor(),
    );
    await b.page.getByText(/Aucune proposition reçue\./).waitFor();
  });

  it('has no serious or critical accessibility violation, and no page error', () => {
    expect(findings).toEqual([]);
    expect(actors.flatMap((a) => a.errors.map((e) => `${a.name}: ${e}`))).toEqual([]);
  });
});
