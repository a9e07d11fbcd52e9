import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import spdxFull from 'spdx-license-list/full';
import { parse, stringify } from 'yaml';
import { seedOpportunity, Sql, sqlOf } from '../../support/opportunity-seed';
import { lockScores, seedProposal } from '../../support/proposal-seed';
import { buyerOfNewPublicBody, loginAsAdmin, seedVendor, Session } from '../../support/scenario';
import { startTestApp, TestApp, TestAppOptions } from '../../support/test-app';
import { waitFor } from '../../support/wait';
import type { TestEntry } from './archives';

export const api = (path: string) => `/api/v1${path}`;

export type Vendor = Session & { vendorId: string; neq: string };

export interface ContractsWorld {
  t: TestApp;
  sql: Sql;
  admin: Session;
  owning: Session & { publicBodyId: string };
  storageDir: string;
  close(): Promise<void>;
}

/** The app on its own database, with STORAGE_DIR in a fresh temporary directory. */
export async function contractsWorld(label: string, options: TestAppOptions = {}): Promise<ContractsWorld> {
  const storageDir = mkdtempSync(join(tmpdir(), `echanges-${label}-`));
  const t = await startTestApp({ label, ...options, env: { STORAGE_DIR: storageDir, ...options.env } });
  const admin = await loginAsAdmin(t);
  const owning = await buyerOfNewPublicBody(t, admin);
  return {
    t,
    sql: sqlOf(t.dataSource),
    admin,
    owning,
    storageDir,
    close: async () => {
      await t.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export interface AwardedContract {
  contractId: string;
  reference: string;
  opportunityId: string;
  supplier: Vendor;
  supplierName: string;
}

/**
 * A contract awarded through the real award route: an opportunity in EVALUATION (seeded, one
 * acceptance criterion, LiLiQ-P-1.1), one qualified proposal at `priceCents`, scores locked.
 */
export async function awardedContract(
  w: ContractsWorld,
  options: { priceCents?: number; license?: string } = {},
): Promise<AwardedContract> {
  const o = await seedOpportunity(w.sql, {
    publicBodyId: w.owning.publicBodyId,
    createdById: w.owning.userId,
    status: 'EVALUATION',
    title: 'Contrat de développement',
    estimatedValueCents: 8_000_000,
    deadlineIn: '-1 hour',
    publishedAgo: '20 days',
  });
  if (options.license) await w.sql(`UPDATE opportunity SET license = $2 WHERE id = $1`, [o.id, options.license]);
  const supplier = await seedVendor(w.t);
  const p = await seedProposal(w.sql, {
    opportunityId: o.id,
    vendorId: supplier.vendorId,
    authorId: supplier.userId,
    status: 'QUALIFIED',
    priceCents: options.priceCents ?? 5_000_000,
  });
  await w.sql(`UPDATE proposal SET quality_score = 85 WHERE id = $1`, [p.id]);
  await lockScores(w.sql, o.id);
  const res = await w.t
    .http()
    .post(api(`/opportunities/${o.id}/award`))
    .set(w.owning.auth)
    .send({ proposalId: p.id })
    .expect(200);
  const [v] = await w.sql(`SELECT legal_name FROM vendor_organization WHERE id = $1`, [supplier.vendorId]);
  return {
    contractId: res.body.contractId,
    reference: res.body.contractReference,
    opportunityId: o.id,
    supplier,
    supplierName: v.legal_name,
  };
}

const FIXTURES = join(__dirname, '..', 'fixtures');

export const licenseText = (spdxId: string) =>
  (spdxFull as Readonly<Record<string, { licenseText: string }>>)[spdxId].licenseText;

/** publiccode.yml from the standard's minimal example, for this contract. */
export function publiccodeYml(supplierName: string, overrides: (doc: Record<string, any>) => void = () => {}): string {
  const doc = parse(readFileSync(join(FIXTURES, 'publiccode', 'publiccode.minimal.example.yml'), 'utf8'));
  doc.name = 'Module de rendez-vous';
  doc.url = 'https://forge.example.quebec/gouv/rendez-vous.git';
  doc.legal = { license: 'LiLiQ-P-1.1' };
  doc.maintenance = { type: 'contract', contractors: [{ name: supplierName, until: '2028-03-31' }] };
  doc.localisation.availableLanguages = ['fr', 'en'];
  overrides(doc);
  return stringify(doc);
}

/** A well-formed project: README, LICENSE (LiLiQ-P), publiccode.yml and some code, under `projet/`. */
export function projectEntries(
  supplierName: string,
  changes: Partial<Record<string, string | null>> = {},
): TestEntry[] {
  const files: Record<string, string | null> = {
    'README.md': '# Module de rendez-vous\n\nPrise de rendez-vous en ligne pour les citoyens.\n',
    LICENSE: licenseText('LiLiQ-P-1.1'),
    'publiccode.yml': publiccodeYml(supplierName),
    'src/index.ts': 'export const rendezVous = () => "ok";\n',
    'src/config.ts': 'export const databaseUrl = process.env.DATABASE_URL;\n',
    ...changes,
  };
  return [
    { name: 'projet/', type: 'directory' },
    { name: 'projet/src/', type: 'directory' },
    ...Object.entries(files)
      .filter((e): e is [string, string] => e[1] !== null)
      .map(([name, content]) => ({ name: `projet/${name}`, content })),
  ];
}

export function upload(
  w: ContractsWorld,
  who: Session | null,
  contractId: string,
  archive: Buffer | string,
  name = 'livrable.tar.gz',
) {
  const req = w.t.http().post(api(`/contracts/${contractId}/deliverables`));
  if (who) req.set(who.auth);
  return typeof archive === 'string' ? req.attach('archive', archive, name) : req.attach('archive', archive, name);
}

export interface CheckResult {
  name: string;
  passed: boolean;
  details: Record<string, any>;
}

/** The deliverable once its checks have run (the job), as GET /contracts/:id shows it. */
export async function checkedDeliverable(
  w: ContractsWorld,
  reader: Session,
  contractId: string,
  deliverableId: string,
) {
  return waitFor(
    `the checks of deliverable ${deliverableId}`,
    async () => {
      const res = await w.t
        .http()
        .get(api(`/contracts/${contractId}`))
        .set(reader.auth)
        .expect(200);
      const d = res.body.deliverables.find((x: { id: string }) => x.id === deliverableId);
      return d?.checkStatus === 'DONE' ? (d as { checks: CheckResult[]; manifestSize: number; sha256: string }) : null;
    },
    { timeoutMs: 30_000, intervalMs: 150 },
  );
}

/** Every file under a directory (what STORAGE_DIR holds), relative paths. */
export function filesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n).slice(dir.length + 1)],
    );
  return walk(dir);
}
