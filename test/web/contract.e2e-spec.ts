import argon2 from 'argon2';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ContractCommandsService } from '../../src/contracts/contract-commands.service';
import { tarGz } from '../contracts/support/archives';
import {
  awardedContract,
  AwardedContract,
  ContractsWorld,
  contractsWorld,
  projectEntries,
} from '../contracts/support/contract-scenario';
import { freePort } from '../support/free-port';
import { PASSWORD } from '../support/scenario';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-app';
import {
  Actor,
  axeBothLanguages,
  AxeFinding,
  clickAndExpect,
  ensureWebBuild,
  expectAlert,
  lastScreenshot,
  launchBrowser,
  newActor,
  screenshot,
} from './browser';

/**
 * The contract page in real Chromium against the real app (PostgreSQL, Redis, the checks run by
 * the background job): the supplier uploads a deliverable whose checks fail and sees why; the
 * buyer's acceptance is refused; the supplier delivers again, every check passes, the buyer
 * accepts (each acceptance criterion marked met), records an amendment, and — once the forge
 * publication is done (its stand-in here) — a payment that makes the contract PAID. axe-core
 * on every page, in French and English.
 */
describe('Web app: the contract, from delivery to payment', () => {
  let w: ContractsWorld;
  let c: AwardedContract;
  let browser: Browser;
  let base: string;
  let dir: string;
  let buyer: Actor;
  let supplier: Actor;
  let admin: Actor | undefined;
  const findings: AxeFinding[] = [];

  const check = async (a: Actor, label: string, shot?: string) => {
    await a.page.locator('h1').first().waitFor();
    findings.push(...(await axeBothLanguages(a.page, label)));
    if (shot) await screenshot(a.page, shot);
  };
  const logIn = async (a: Actor, email: string) => {
    await a.page.goto('/connexion');
    await a.page.getByLabel('Courriel').fill(email);
    await a.page.getByLabel('Mot de passe').fill(PASSWORD);
    await a.page.getByRole('button', { name: 'Se connecter' }).click();
    await a.page.getByText(/^Connecté :/).waitFor();
  };
  const contractPage = async (a: Actor) => {
    await a.page.getByRole('link', { name: 'Contrats', exact: true }).click();
    await a.page.getByRole('link', { name: c.reference }).click();
    await a.page.getByRole('heading', { name: `Contrat ${c.reference}` }).waitFor();
  };
  const deliverable = (a: Actor, n: number) =>
    a.page.locator('article', { has: a.page.getByRole('heading', { name: new RegExp(`^Livrable ${n} :`) }) });

  beforeAll(async () => {
    ensureWebBuild();
    w = await contractsWorld('webcontract');
    c = await awardedContract(w, { priceCents: 5_000_000 });
    // The seeded supplier account gets a password, so that it can log in through the page.
    await w.sql(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      c.supplier.userId,
      await argon2.hash(PASSWORD, { type: argon2.argon2id }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'echanges-web-contract-'));
    writeFileSync(join(dir, 'sans-licence.tar.gz'), tarGz(projectEntries(c.supplierName, { LICENSE: null })));
    writeFileSync(join(dir, 'rendez-vous-1.0.tar.gz'), tarGz(projectEntries(c.supplierName)));
    const port = await freePort();
    await w.t.app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
    buyer = await newActor(browser, base, 'contract buyer');
    supplier = await newActor(browser, base, 'contract supplier');
  }, 120_000);

  afterAll(async () => {
    for (const a of [buyer, supplier, admin]) if (a) await lastScreenshot(a.page, a.name).catch(() => undefined);
    await browser?.close();
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the supplier finds its contract and uploads a deliverable; the failed check is shown with its reason', async () => {
    await logIn(supplier, c.supplier.email);
    await contractPage(supplier);
    await supplier.page.getByText('50 000,00 $').first().waitFor();
    await check(supplier, 'contract (supplier)');
    await supplier.page.getByLabel(/^Archive des sources/).setInputFiles(join(dir, 'sans-licence.tar.gz'));
    await clickAndExpect(
      supplier.page,
      () => supplier.page.getByRole('button', { name: 'Déposer l’archive' }).click(),
      () => supplier.page.getByText(/^Livrable reçu \(SHA-256 [0-9a-f]{64}\)/).waitFor(),
    );
    const first = deliverable(supplier, 1);
    await first.getByRole('row', { name: /Licence du contrat\s+Échouée/ }).waitFor({ timeout: 30_000 });
    await first.getByRole('row', { name: /Fichier README\s+Réussie/ }).waitFor();
  });

  it('the buyer sees the checks; accepting that deliverable is refused (DELIVERABLE_NOT_ACCEPTABLE)', async () => {
    await logIn(buyer, w.owning.email);
    await contractPage(buyer);
    const first = deliverable(buyer, 1);
    await first.getByRole('row', { name: /Licence du contrat\s+Échouée/ }).waitFor();
    await first.getByRole('checkbox').first().check();
    await first.getByRole('button', { name: 'Accepter le livrable' }).click();
    await expectAlert(buyer.page, 'DELIVERABLE_NOT_ACCEPTABLE');
  });

  it('the supplier delivers again: every check passes', async () => {
    await supplier.page.getByLabel(/^Archive des sources/).setInputFiles(join(dir, 'rendez-vous-1.0.tar.gz'));
    await clickAndExpect(
      supplier.page,
      () => supplier.page.getByRole('button', { name: 'Déposer l’archive' }).click(),
      () => supplier.page.getByText(/^Livrable reçu/).waitFor(),
    );
    const second = deliverable(supplier, 2);
    for (const name of ['Fichier README', 'Licence du contrat', 'Fichier publiccode.yml', 'Aucun secret dans le code'])
      await second.getByRole('row', { name: new RegExp(`${name}\\s+Réussie`) }).waitFor({ timeout: 30_000 });
    await check(supplier, 'contract with checked deliverables (supplier)', 'supplier-contract-checks');
  });

  it('the buyer accepts it, records an amendment, and once published pays the whole amount', async () => {
    await buyer.page.reload();
    const second = deliverable(buyer, 2);
    await second.getByRole('checkbox').first().check();
    await clickAndExpect(
      buyer.page,
      () => second.getByRole('button', { name: 'Accepter le livrable' }).click(),
      () => buyer.page.locator('.app-status', { hasText: 'Accepté' }).waitFor(),
    );
    await buyer.page.getByLabel(/^Montant de la modification/).fill('2 500,00');
    await buyer.page.getByLabel('Justification').fill('Ajout d’un module d’exportation');
    await clickAndExpect(
      buyer.page,
      () => buyer.page.getByRole('button', { name: 'Enregistrer la modification' }).click(),
      () => buyer.page.getByText('Modification enregistrée.').waitFor(),
    );
    await buyer.page.getByText('52 500,00 $').first().waitFor();
    // The publication failed (a token the forge refuses): the admin reads why on the page and
    // retries it; without a forge configured here the job leaves it pending again.
    await w.sql(`UPDATE contract SET publication_status = 'FAILED', publication_last_error = $2 WHERE id = $1`, [
      c.contractId,
      'La forge refuse le jeton (401) : vérifier FORGE_TOKEN.',
    ]);
    admin = await newActor(browser, base, 'contract admin');
    await admin.page.goto('/connexion');
    await admin.page.getByLabel('Courriel').fill(ADMIN_EMAIL);
    await admin.page.getByLabel('Mot de passe').fill(ADMIN_PASSWORD);
    await admin.page.getByRole('button', { name: 'Se connecter' }).click();
    await admin.page.getByText(/^Connecté :/).waitFor();
    await admin.page.goto(`/contrats/${c.contractId}`);
    const panel = admin.page.getByRole('region', { name: 'Publication sur la forge' });
    await panel.getByText('La forge refuse le jeton (401) : vérifier FORGE_TOKEN.').waitFor();
    await check(admin, 'contract publication failed (admin)', 'admin-forge-retry');
    await clickAndExpect(
      admin.page,
      () => panel.getByRole('button', { name: 'Relancer la publication' }).click(),
      () => panel.getByText('Publication relancée : elle reprend à la dernière étape réussie.').waitFor(),
    );
    // The buyer sees the failure too, but no retry button: retrying is the admin's.
    await buyer.page.reload();
    await buyer.page.getByRole('region', { name: 'Publication sur la forge' }).waitFor();
    await expect(buyer.page.getByRole('button', { name: 'Relancer la publication' }).count()).resolves.toBe(0);
    // The forge publication (its own helper and job) is done by its stand-in, as in the API suite.
    await w.t.app.get(ContractCommandsService).markPublished(c.contractId, {
      projectUrl: 'https://forge.example.quebec/gouv/rendez-vous',
      commitSha: 'a'.repeat(40),
      releaseUrl: 'https://forge.example.quebec/gouv/rendez-vous/-/releases/v1.0.0',
    });
    await buyer.page.reload();
    await buyer.page.locator('.app-status', { hasText: 'Publié sur la forge' }).waitFor();
    const pay = async (invoice: string, amount: string) => {
      await buyer.page.getByLabel('Numéro de facture').fill(invoice);
      await buyer.page.getByLabel('Montant payé ($)').fill(amount);
      await buyer.page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    };
    await pay('F-2027-001', '30 000,00');
    await buyer.page.getByText('Paiement enregistré.').waitFor();
    // The same invoice again: the API's DUPLICATE_INVOICE lands on the invoice field.
    await pay('F-2027-001', '22 500,00');
    await expectAlert(buyer.page, 'DUPLICATE_INVOICE');
    await expect(buyer.page.getByLabel('Numéro de facture').getAttribute('aria-invalid')).resolves.toBe('true');
    await clickAndExpect(
      buyer.page,
      () => pay('F-2027-002', '22 500,00'),
      () => buyer.page.getByText('Paiement enregistré.').waitFor(),
    );
    await buyer.page.locator('.app-status', { hasText: 'Payé' }).waitFor();
    await buyer.page.getByText(/^Facture F-2027-002 : 22\s500,00\s\$/).waitFor();
    await check(buyer, 'contract paid (buyer)', 'buyer-contract');
  });

  it('has no serious or critical accessibility violation, and no page error', () => {
    expect(findings).toEqual([]);
    expect([...buyer.errors, ...supplier.errors, ...(admin?.errors ?? [])]).toEqual([]);
  });
});
