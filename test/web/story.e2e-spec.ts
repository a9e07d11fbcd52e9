import type { Browser } from 'playwright-core';
import { markEmailVerified } from '../support/accounts';
import { freePort } from '../support/free-port';
import {
  buyerOfNewPublicBody,
  loginAsAdmin,
  nextNeq,
  PASSWORD,
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
  expectAlert,
  lastScreenshot,
  launchBrowser,
  newActor,
  screenshot,
} from './browser';

/**
 * The whole story through the web pages only, in real headless Chromium against the real app
 * (PostgreSQL, Redis): a buyer drafts and submits, the admin publishes, two vendors sign up,
 * register their business, find the opportunity by a word typed without its accents, and submit
 * (one of them a sealed price of 52 173,91 $); a vendor asks, the buyer answers and publishes an
 * addendum, the public reads both. The deadline passes (it is moved: the database clock cannot
 * be); the committee (the buyer as secretary, two evaluators) declares and scores — blind until
 * one's own scores are in — the secretary records the consensus and locks, the ranking shows,
 * the buyer awards and lands on the contract, the losing vendor reads its result, the public
 * sees the award notice. axe-core checks every page of the story in French and English; the
 * network log of the other vendor, the buyer and the public must never carry the sealed price
 * before the deadline.
 */
const PRICE_CENTS = 5_217_391;
const SEALED = ['5217391', '52173.91', '52 173,91', '52\u00a0173,91', '52173,91'];

describe('Web app: from the draft to sealed proposals, through the pages', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let buyer: Session & { publicBodyId: string };
  let buyerEmail: string;
  const evaluators: { id: string; email: string; name: string }[] = [];
  const actors: Actor[] = [];
  const byName = (name: string) => actors.find((a) => a.name === name)!;
  const findings: AxeFinding[] = [];
  let opportunityPath = '';

  const actor = async (name: string) => {
    const a = await newActor(browser, base, name);
    actors.push(a);
    return a;
  };
  const check = async (a: Actor, label: string, shot?: string) => {
    await a.page.locator('h1').first().waitFor();
    findings.push(...(await axeBothLanguages(a.page, label)));
    if (shot) await screenshot(a.page, shot);
  };
  const logIn = async (a: Actor, email: string, password: string) => {
    await a.page.goto('/connexion');
    await a.page.getByLabel('Courriel').fill(email);
    await a.page.getByLabel('Mot de passe').fill(password);
    await a.page.getByRole('button', { name: 'Se connecter' }).click();
    await a.page.getByText(/^Connecté :/).waitFor();
  };
  const signUpVendor = async (a: Actor, legalName: string) => {
    await a.page.goto('/inscription');
    await check(a, 'sign-up');
    await a.page.getByLabel('Nom', { exact: true }).fill(`Responsable ${legalName}`);
    const email = `${unique('web')}@exemple.quebec`;
    await a.page.getByLabel('Courriel').fill(email);
    await a.page.getByLabel('Mot de passe').fill(PASSWORD);
    await a.page.getByRole('button', { name: 'Créer le compte' }).click();
    await a.page.getByRole('heading', { name: 'Inscrire mon entreprise' }).waitFor();
    await markEmailVerified(t, email); // as the e-mailed link does (test/users)
    await check(a, 'organization form', a.name === 'vendor A' ? 'vendor-organization' : undefined);
    await a.page.getByLabel('Nom légal').fill(legalName);
    await a.page.getByLabel('NEQ').fill(nextNeq());
    await a.page.getByLabel('Courriel de l’entreprise').fill(`${unique('info')}@exemple.quebec`);
    await a.page.getByLabel('Ville').fill('Québec');
    await a.page.getByLabel('Code postal').fill('G1R 4S9');
    await a.page.getByRole('button', { name: 'Inscrire l’entreprise' }).click();
    await a.page.getByRole('heading', { name: legalName }).waitFor();
  };
  /** Home page, a search for « ecoles » (the title says « écoles »), then the opportunity. */
  const findIt = async (a: Actor, shot?: string) => {
    await a.page.goto('/');
    await a.page.getByLabel('Rechercher').fill('ecoles');
    await a.page.getByRole('button', { name: 'Rechercher' }).click();
    await a.page.waitForURL(/\?q=ecoles/);
    const link = a.page.getByRole('link', { name: 'Réservation des gymnases des écoles' });
    await link.waitFor();
    await check(a, 'search results', shot);
    await link.click();
    await a.page.waitForURL(`**${opportunityPath}`);
    await a.page
      .getByRole('heading', { name: 'Critères d’évaluation et pondération' })
      .waitFor()
      .catch(() => undefined);
  };

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({
      label: 'webstory',
      env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', COMMITTEE_MIN_EVALUATORS: '2' },
    });
    const port = await freePort();
    await t.app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    const admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    buyerEmail = buyer.email;
    // The committee's accounts (the admin's account form is not part of the story): a colleague
    // of the buyer and an external evaluator (COMMITTEE_REQUIRE_EXTERNAL).
    for (const [name, role, publicBodyId] of [
      ['Évaluatrice Colette Interne', 'buyer', buyer.publicBodyId],
      ['Évaluateur Xavier Externe', 'evaluator', undefined],
    ] as const) {
      const email = `${unique('comite')}@gouv.qc.ca`;
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email, name, role, password: PASSWORD, ...(publicBodyId ? { publicBodyId } : {}) })
        .expect(201);
      evaluators.push({ id: res.body.id, email, name });
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const a of actors) await lastScreenshot(a.page, a.name).catch(() => undefined);
    const errors = actors.flatMap((a) => a.errors.map((e) => `${a.name}: ${e}`));
    if (errors.length) console.error(errors.join('\n'));
    await browser?.close();
    await t?.close();
  });

  it('a buyer drafts an opportunity in the form, sees the API’s errors on the fields, and submits it for review', async () => {
    const b = await actor('buyer');
    await logIn(b, buyerEmail, PASSWORD);
    await b.page.getByRole('link', { name: 'Nouvel appel' }).click();
    await b.page.getByRole('heading', { name: 'Nouvel appel d’offres' }).waitFor();
    await check(b, 'opportunity form');
    await b.page.getByLabel('Résumé').fill('Un module libre pour réserver les gymnases scolaires en soirée.');
    await b.page
      .getByLabel('Description', { exact: true })
      .fill('## Contexte\n\nLes **écoles** prêtent leurs gymnases.\n\n<script>window.pwned = true</script>');
    await b.page.getByLabel('Compétences', { exact: true }).fill('TypeScript, PostgreSQL');
    await b.page.getByLabel('Valeur estimée, taxes exclues ($)').fill('65 000,00');
    await b.page.getByLabel('Critères d’acceptation').fill('Tests automatisés couvrant les réservations');
    await b.page.getByLabel('Projet sur la forge').fill(`gouv/echanges/${unique('gymnases')}`);
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    await b.page.getByLabel('Date limite de dépôt (heure de Montréal)').fill(montrealLocal(deadline));
    await b.page
      .getByLabel('Date de livraison attendue')
      .fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    // Sent without a title and with weights summing to 95: the API's coded errors land on those fields.
    const weights = b.page.getByLabel('Pondération (%)');
    const criteria = b.page.getByLabel('Titre du critère');
    for (const [i, [title, weight]] of (
      [
        ['Compréhension du besoin', '40'],
        ['Approche technique', '35'],
        ['Expérience', '20'],
      ] as const
    ).entries()) {
      await criteria.nth(i).fill(title);
      await weights.nth(i).fill(weight);
    }
    await b.page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expectAlert(b.page, 'VALIDATION_FAILED');
    const titleField = b.page.getByLabel('Titre (français)');
    await expectInvalid(titleField);
    await titleField.fill('Réservation des gymnases des écoles');
    await b.page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expectAlert(b.page, 'INVALID_CRITERIA');
    await b.page.getByText(/la somme des pondérations doit être exactement 100/).waitFor();
    await weights.nth(2).fill('25');
    await screenshot(b.page, 'buyer-opportunity-form');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
      () => b.page.waitForURL(/\/appels\/[0-9a-f-]{36}$/),
    );
    opportunityPath = new URL(b.page.url()).pathname;
    await b.page.getByRole('button', { name: 'Soumettre pour révision' }).click();
    await b.page.getByText('Appel soumis pour révision.').waitFor();
    await b.page.getByText('En révision').first().waitFor();
    await check(b, 'opportunity under review (buyer)');
    // Her own list holds it, with its status, and leads back to it.
    await b.page.getByRole('link', { name: 'Mes appels' }).click();
    const mine = b.page.getByRole('listitem').filter({ hasText: 'Réservation des gymnases des écoles' });
    await mine.getByText('En révision').waitFor();
    await check(b, 'my opportunities (buyer)');
    await mine.getByRole('link').click();
    await b.page.waitForURL(`**${opportunityPath}`);
  });

  it('the admin finds it in the review queue of the administration page and publishes it', async () => {
    const a = await actor('admin');
    await logIn(a, ADMIN_EMAIL, ADMIN_PASSWORD);
    await a.page.getByRole('link', { name: 'Administration' }).click();
    await check(a, 'administration');
    // The review queue lists it: no identifier to pass around.
    const queue = a.page.getByRole('region', { name: 'Appels à réviser' });
    await queue.getByRole('link', { name: 'Réservation des gymnases des écoles' }).click();
    await a.page.waitForURL(`**${opportunityPath}`);
    await a.page.getByRole('heading', { name: 'Révision avant publication' }).waitFor();
    await check(a, 'review (admin)', 'admin-review');
    await a.page.getByRole('button', { name: 'Publier' }).click();
    // Once published the review panel is gone and the status reads « Ouvert ».
    await a.page.locator('.app-status', { hasText: 'Ouvert' }).waitFor();
    await expect(a.page.getByRole('heading', { name: 'Révision avant publication' }).count()).resolves.toBe(0);
  });

  it('the public finds it without typing the accents; the description is rendered as Markdown, its script is not', async () => {
    const p = await actor('public');
    await findIt(p, 'public-search');
    await p.page
      .getByRole('heading', { name: 'Critères d’évaluation et pondération' })
      .waitFor()
      .catch(() => undefined);
    await p.page.locator('.app-markdown strong', { hasText: 'écoles' }).waitFor();
    expect(await p.page.evaluate(() => (globalThis as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await p.page.locator('.app-markdown script').count()).toBe(0);
    await p.page.getByText('65 000,00 $').first().waitFor();
    await p.page.getByText(/il reste 2 j|il reste 3 j/).waitFor();
    await check(p, 'opportunity (public)', 'public-opportunity');
  });

  it('vendor A signs up, registers its business, saves a draft, submits, and gets the receipt (time and hash)', async () => {
    const v = await actor('vendor A');
    await signUpVendor(v, 'Coopérative Logiciel Alpha');
    await findIt(v);
    await v.page.getByRole('link', { name: 'Préparer ma proposition' }).click();
    await v.page.getByRole('heading', { name: /^Proposition :/ }).waitFor();
    await check(v, 'proposal form');
    await v.page.getByLabel('Compréhension du besoin (40 %)').fill('Les écoles prêtent leurs gymnases le soir.');
    await v.page.getByLabel('Approche technique (35 %)').fill('Une application React et une API NestJS.');
    await v.page.getByLabel('Expérience (25 %)').fill('Dix ans de services publics numériques.');
    await v.page.getByLabel('Prix, taxes exclues ($)').fill('52 173,91');
    await v.page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await v.page.getByText('Brouillon enregistré.').waitFor();
    await v.page.getByLabel('J’accepte les conditions de l’appel.').check();
    await v.page.getByLabel(/J’accepte de livrer le code sous la licence/).check();
    await v.page.getByRole('button', { name: 'Déposer la proposition' }).click();
    await v.page.getByRole('heading', { name: 'Accusé de réception' }).waitFor();
    await expect(v.page.locator('.app-hash').textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await v.page.getByText(/^Reçue le /).waitFor();
    await check(v, 'proposal receipt', 'vendor-receipt');
  });

  it('vendor B signs up, finds it and submits its own proposal', async () => {
    const v = await actor('vendor B');
    await signUpVendor(v, 'Studio Numérique Bêta');
    await findIt(v);
    await v.page.getByRole('link', { name: 'Préparer ma proposition' }).click();
    for (const label of ['Compréhension du besoin (40 %)', 'Approche technique (35 %)', 'Expérience (25 %)'])
      await v.page.getByLabel(label).fill('Une application web accessible.');
    await v.page.getByLabel('Prix, taxes exclues ($)').fill('48 000');
    await v.page.getByLabel('J’accepte les conditions de l’appel.').check();
    await v.page.getByLabel(/J’accepte de livrer le code sous la licence/).check();
    await v.page.getByRole('button', { name: 'Déposer la proposition' }).click();
    await v.page.getByRole('heading', { name: 'Accusé de réception' }).waitFor();
  });

  it('before the deadline, no response seen by the other vendor, the buyer or the public carries the sealed price', async () => {
    const [buyerActor, , publicActor, , vendorB] = actors;
    // Each of them looks again at every page that could show it.
    for (const a of [buyerActor, publicActor, vendorB]) {
      await a.page.goto(opportunityPath);
      await a.page.locator('h1').first().waitFor();
      await a.page.goto('/?q=ecoles');
      await a.page.getByRole('link', { name: 'Réservation des gymnases des écoles' }).waitFor();
    }
    await vendorB.page.goto(`${opportunityPath}/proposition`);
    await vendorB.page.getByRole('heading', { name: 'Accusé de réception' }).waitFor();
    await buyerActor.page.goto(`${opportunityPath}/evaluation`);
    await buyerActor.page.locator('h1').first().waitFor();
    await new Promise((r) => setTimeout(r, 300)); // response bodies are read asynchronously
    for (const a of [buyerActor, publicActor, vendorB]) {
      expect(a.responses.length).toBeGreaterThan(3);
      const leaks = a.responses.filter((r) => SEALED.some((s) => r.body.includes(s))).map((r) => `${a.name}: ${r.url}`);
      expect(leaks).toEqual([]);
      const html = await a.page.content();
      expect(SEALED.filter((s) => html.includes(s))).toEqual([]);
      // Nor the client's storage: localStorage, sessionStorage and the Cache API.
      const stored = await a.page.evaluate(async () => {
        type Store = Record<string, string>;
        const w = globalThis as unknown as {
          localStorage: Store;
          sessionStorage: Store;
          caches?: { keys(): Promise<string[]> };
        };
        const dump = (s: Store) => JSON.stringify(Object.fromEntries(Object.entries(s)));
        return `${dump(w.localStorage)}${dump(w.sessionStorage)}${JSON.stringify((await w.caches?.keys()) ?? [])}`;
      });
      expect(SEALED.filter((s) => stored.includes(s))).toEqual([]);
    }
    // The check can fail: vendor A's own browser did receive its price.
    const vendorA = actors[3];
    expect(vendorA.responses.some((r) => r.body.includes(String(PRICE_CENTS)))).toBe(true);
  });

  it('a vendor asks a question; the buyer answers it and publishes an addendum; the public reads both', async () => {
    const vendorB = byName('vendor B');
    await vendorB.page.goto(opportunityPath);
    await vendorB.page.getByLabel('Poser une question').fill('Les gymnases sont-ils ouverts le dimanche ?');
    await clickAndExpect(
      vendorB.page,
      () => vendorB.page.getByRole('button', { name: 'Envoyer la question' }).click(),
      () => vendorB.page.getByText('Question envoyée').waitFor(),
    );
    const b = byName('buyer');
    await b.page.goto(opportunityPath);
    await b.page.getByRole('heading', { name: 'Questions à répondre' }).waitFor();
    await b.page.getByLabel(/^Réponse à : « Les gymnases sont-ils ouverts/).fill('Oui, de 9 h à 17 h.');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Publier la réponse' }).click(),
      () => b.page.getByText('Réponse publiée.').waitFor(),
    );
    await b.page.getByLabel('Texte de l’addenda (français)').fill('Le module doit aussi gérer **les piscines**.');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Publier l’addenda' }).click(),
      () => b.page.getByText('Addenda publié.').waitFor(),
    );
    await check(b, 'opportunity with its actions (buyer)', 'buyer-opportunity-actions');
    const p = byName('public');
    await p.page.goto(opportunityPath);
    await p.page.getByText('Oui, de 9 h à 17 h.').waitFor();
    await p.page.locator('.app-markdown strong', { hasText: 'les piscines' }).waitFor();
    await p.page.getByRole('link', { name: 'Dossier OCDS de cet appel (JSON)' }).waitFor();
    await check(p, 'opportunity with addendum and answer (public)');
  });

  it('the buyer names the committee (herself as secretary, two evaluators) before the deadline', async () => {
    const b = byName('buyer');
    await b.page.goto(`${opportunityPath}/evaluation`);
    await b.page.getByRole('heading', { name: 'Former le comité' }).waitFor();
    await check(b, 'committee form');
    await b.page.getByLabel('Identifiant du ou de la secrétaire').fill(buyer.userId);
    // The evaluators are found by name (GET /evaluators), not pasted as identifiers.
    for (const e of evaluators) {
      await b.page.getByLabel('Nom ou sigle de l’organisme').fill(e.name.split(' ').slice(1, 3).join(' '));
      await b.page.getByRole('button', { name: 'Chercher', exact: true }).click();
      await b.page.getByRole('button', { name: `Ajouter ${e.name} aux évaluateurs` }).click();
    }
    await expect(b.page.getByLabel('Identifiants des évaluateurs').inputValue()).resolves.toBe(
      evaluators.map((e) => e.id).join(', '),
    );
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Enregistrer le comité' }).click(),
      () => b.page.getByText('Comité enregistré.').waitFor(),
    );
    await b.page.getByText(`${evaluators[1].name} — déclaration à signer`).waitFor();
  });

  it('after the deadline, each evaluator signs the declaration and scores, blind until their own scores are in', async () => {
    // The database clock cannot move: the deadline does (as the API suites do).
    await setDeadlines(t, opportunityPath.split('/').pop()!, { questions: '-2 seconds', proposal: '-1 second' });
    const marks = { 'Coopérative Logiciel Alpha': '90', 'Studio Numérique Bêta': '75' };
    for (const [n, member] of evaluators.entries()) {
      const e = await actor(`evaluator ${n + 1}`);
      await logIn(e, member.email, PASSWORD);
      await e.page.goto(`${opportunityPath}/evaluation`);
      await e.page.getByRole('heading', { name: 'Déclaration du membre du comité' }).waitFor();
      await check(e, 'declaration');
      await e.page.getByLabel('Je m’engage à la confidentialité des propositions et des délibérations.').check();
      await clickAndExpect(
        e.page,
        () => e.page.getByRole('button', { name: 'Signer la déclaration' }).click(),
        () => e.page.getByRole('heading', { name: 'Grille d’évaluation' }).waitFor(),
      );
      for (const [vendor, mark] of Object.entries(marks)) {
        const card = e.page.locator('article', { has: e.page.getByRole('heading', { name: new RegExp(vendor) }) });
        await card.getByText('Une application').first().waitFor();
        if (n === 1) {
          // The first evaluator's scores exist, but stay hidden until this one's are in.
          await card.getByText('Les notes des autres membres restent cachées').waitFor();
          expect(await card.getByText(evaluators[0].name).count()).toBe(0);
        }
        if (n === 0 && mark === '90') {
          // A score out of range: the API's field error lands on that score.
          await card.getByLabel('Note : Compréhension du besoin').fill('150');
          await card.getByRole('button', { name: 'Enregistrer mes notes' }).click();
          await expectAlert(e.page, 'VALIDATION_FAILED');
          await expectInvalid(card.getByLabel('Note : Compréhension du besoin'));
        }
        for (const criterion of ['Compréhension du besoin', 'Approche technique', 'Expérience']) {
          await card.getByLabel(`Note : ${criterion}`).fill(mark);
          await card.getByLabel(`Commentaire : ${criterion}`).fill(`Appréciation de ${member.name}`);
        }
        await clickAndExpect(
          e.page,
          () => card.getByRole('button', { name: 'Enregistrer mes notes' }).click(),
          () => card.getByText('Notes enregistrées.').waitFor(),
        );
        if (n === 1) await card.getByRole('cell', { name: evaluators[0].name }).first().waitFor();
      }
      if (n === 1) await check(e, 'scoring grid (evaluator)', 'committee-grid');
    }
  });

  it('the secretary signs, records the consensus with the average as a hint, locks; the ranking shows; the buyer awards', async () => {
    const b = byName('buyer');
    await b.page.goto(`${opportunityPath}/evaluation`);
    await b.page.getByLabel('Je m’engage à la confidentialité des propositions et des délibérations.').check();
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Signer la déclaration' }).click(),
      () => b.page.getByRole('heading', { name: 'Grille d’évaluation' }).waitFor(),
    );
    for (const [vendor, mark] of [
      ['Coopérative Logiciel Alpha', '90'],
      ['Studio Numérique Bêta', '75'],
    ]) {
      const card = b.page.locator('article', { has: b.page.getByRole('heading', { name: new RegExp(vendor) }) });
      await card.getByText(`Moyenne des membres : ${mark}.00`).first().waitFor();
      for (const criterion of ['Compréhension du besoin', 'Approche technique', 'Expérience']) {
        await card.getByLabel(`Note consensuelle : ${criterion}`).fill(mark);
        await card.getByLabel(`Justification : ${criterion}`).fill('Consensus du comité');
      }
      await clickAndExpect(
        b.page,
        () => card.getByRole('button', { name: 'Enregistrer le consensus' }).click(),
        () => card.getByText('Consensus enregistré.').waitFor(),
      );
    }
    await check(b, 'consensus (secretary)', 'committee-consensus');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Verrouiller l’évaluation' }).click(),
      () => b.page.getByRole('heading', { name: 'Classement' }).waitFor(),
    );
    // 52 173,91 $ at Q = 90, K = 30 %: 52 173,91 / 1,2 = 43 478,26 $ (first); 48 000 $ at Q = 75: 45 714,29 $.
    const rows = b.page.locator('section[aria-labelledby="classement"] tbody tr');
    await expect(rows.first().innerText()).resolves.toMatch(
      /1\s+Coopérative Logiciel Alpha\s+90\.00\s+52\s173,91\s\$\s+43\s478,26\s\$/,
    );
    await expect(rows.nth(1).innerText()).resolves.toMatch(
      /2\s+Studio Numérique Bêta\s+75\.00\s+48\s000,00\s\$\s+45\s714,29\s\$/,
    );
    await check(b, 'ranking (buyer)', 'committee-ranking');
    await clickAndExpect(
      b.page,
      () => b.page.getByRole('button', { name: 'Adjuger à Coopérative Logiciel Alpha' }).click(),
      () => b.page.getByRole('heading', { name: /^Contrat C-/ }).waitFor(),
    );
    await b.page.getByText('52 173,91 $').first().waitFor();
    await check(b, 'contract (buyer, just awarded)', 'buyer-award-contract');
  });

  it('the losing vendor reads its result; the public sees the award notice', async () => {
    const v = byName('vendor B');
    await v.page.goto(opportunityPath);
    await v.page.getByRole('link', { name: 'Ma proposition et son résultat' }).click();
    await v.page.getByRole('heading', { name: 'Résultat' }).waitFor();
    await v.page.getByText('Non retenue').first().waitFor();
    await v.page.getByText(/Proposition retenue : Coopérative Logiciel Alpha \(qualité 90\.00/).waitFor();
    await check(v, 'result (losing vendor)', 'vendor-result');
    const p = byName('public');
    await p.page.goto(opportunityPath);
    await p.page.getByRole('heading', { name: 'Avis d’adjudication' }).waitFor();
    await p.page
      .getByText(/Coopérative Logiciel Alpha/)
      .first()
      .waitFor();
    await check(p, 'award notice (public)', 'public-award-notice');
  });

  it('in English too, and with no serious or critical accessibility violation on any page of the story', async () => {
    const p = byName('public');
    await p.page.goto(opportunityPath);
    await p.page.locator('h1').first().waitFor();
    await p.page.getByRole('link', { name: 'English' }).click();
    await p.page.getByText('Evaluation criteria and weights').waitFor();
    await p.page.getByText('$65,000.00').first().waitFor();
    await screenshot(p.page, 'public-opportunity-en');
    await p.page.getByRole('link', { name: 'Français' }).click();
    expect(findings).toEqual([]);
    expect(actors.flatMap((a) => a.errors.map((e) => `${a.name}: ${e}`))).toEqual([]);
  });
});

async function expectInvalid(locator: import('playwright-core').Locator): Promise<void> {
  await locator.waitFor();
  expect(await locator.getAttribute('aria-invalid')).toBe('true');
}

/** A datetime-local value in Montréal time. */
function montrealLocal(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Montreal',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
