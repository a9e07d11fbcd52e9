import { expectEnvelope } from '../support/scenario';
import { tarGz } from './support/archives';
import {
  api,
  AwardedContract,
  awardedContract,
  checkedDeliverable,
  ContractsWorld,
  contractsWorld,
  licenseText,
  projectEntries,
  publiccodeYml,
  upload,
} from './support/contract-scenario';

/**
 * The checks of a deliverable (domain.md §7): each failure is reported with its details and
 * blocks acceptance (DELIVERABLE_NOT_ACCEPTABLE naming the failed check).
 */
describe('Deliverable checks', () => {
  let w: ContractsWorld;

  beforeAll(async () => {
    w = await contractsWorld('deliverable-checks', { redis: false });
  });

  afterAll(async () => {
    await w?.close();
  });

  type Changes = (c: AwardedContract) => Partial<Record<string, string | null>>;

  it.each<[string, string | undefined, Changes, string, Record<string, unknown>]>([
    ['missing README', undefined, () => ({ 'README.md': null }), 'readme', {}],
    [
      'LiLiQ-R text given for LiLiQ-Rplus',
      'LiLiQ-Rplus-1.1',
      (c) => ({
        LICENSE: licenseText('LiLiQ-R-1.1'),
        'publiccode.yml': publiccodeYml(c.supplierName, (d) => (d.legal.license = 'LiLiQ-Rplus-1.1')),
      }),
      'license',
      { expected: 'LiLiQ-Rplus-1.1', found: 'LiLiQ-R-1.1' },
    ],
    [
      'publiccode.yml missing a mandatory key',
      undefined,
      (c) => ({ 'publiccode.yml': publiccodeYml(c.supplierName, (d) => delete d.softwareType) }),
      'publiccode',
      { missingKeys: ['softwareType'] },
    ],
    [
      'publiccode.yml naming another licence',
      undefined,
      (c) => ({ 'publiccode.yml': publiccodeYml(c.supplierName, (d) => (d.legal.license = 'MIT')) }),
      'publiccode',
      { license: 'MIT', expectedLicense: 'LiLiQ-P-1.1' },
    ],
    [
      'publiccode.yml without the supplier among the contractors',
      undefined,
      (c) => ({
        'publiccode.yml': publiccodeYml(c.supplierName, (d) => (d.maintenance.contractors = [{ name: 'Autre inc.' }])),
      }),
      'publiccode',
      {},
    ],
    [
      'a GitLab token in a source file',
      undefined,
      () => ({ 'src/forge.ts': 'export const token = "glpat-ABCDEFGHIJ1234567890";\n' }),
      'secrets',
      { findings: [expect.objectContaining({ file: 'src/forge.ts', line: 1 })] },
    ],
    [
      'a password in a database URL',
      undefined,
      () => ({ 'src/config.ts': 'export const url = "postgres://admin:S3cr3tPassw0rd@db.example.com:5432/app";\n' }),
      'secrets',
      { findings: [expect.objectContaining({ file: 'src/config.ts' })] },
    ],
    [
      'a committed .env',
      undefined,
      () => ({ '.env': 'API_KEY=abc123\nEMPTY=\n' }),
      'secrets',
      { findings: [{ file: '.env', line: 1, rule: 'ENV_VALUE:API_KEY' }] },
    ],
  ])('%s: reported and blocking acceptance', async (_name, license, changes, failing, details) => {
    const c = await awardedContract(w, license ? { license } : {});
    const archive = tarGz(projectEntries(c.supplierName, changes(c)));
    const res = await upload(w, c.supplier, c.contractId, archive).expect(201);
    const d = await checkedDeliverable(w, w.owning, c.contractId, res.body.id);
    const failed = d.checks.filter((x) => !x.passed);
    expect(failed.map((x) => x.name)).toEqual([failing]);
    expect(failed[0].details).toMatchObject(details);
    expect(typeof failed[0].details.message).toBe('string');
    const accept = await w.t
      .http()
      .post(api(`/contracts/${c.contractId}/accept`))
      .set(w.owning.auth)
      .send({ deliverableId: res.body.id, criteria: [{ index: 0, met: true }] })
      .expect(422);
    expectEnvelope(accept, 'DELIVERABLE_NOT_ACCEPTABLE');
    expect(accept.body.error.details).toMatchObject({ unmetCriteria: [], failedChecks: [failing] });
  });

  it('passes the LiLiQ-Rplus text for a LiLiQ-Rplus contract, and a .env.example without values', async () => {
    const c = await awardedContract(w, { license: 'LiLiQ-Rplus-1.1' });
    const archive = tarGz(
      projectEntries(c.supplierName, {
        LICENSE: licenseText('LiLiQ-Rplus-1.1').replace(/\n/g, '\r\n  '),
        'publiccode.yml': publiccodeYml(c.supplierName, (d) => (d.legal.license = 'LiLiQ-Rplus-1.1')),
        '.env.example': 'API_KEY=\n',
      }),
    );
    const res = await upload(w, c.supplier, c.contractId, archive).expect(201);
    const d = await checkedDeliverable(w, w.owning, c.contractId, res.body.id);
    expect(d.checks.filter((x) => !x.passed)).toEqual([]);
  });
});
