import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import spdxFull from 'spdx-license-list/full';
import { identifyLicense, licenseTextMatches } from './license-text';
import { checkPubliccode } from './publiccode.rules';
import { isEnvFile } from './secrets';

const text = (id: string) => (spdxFull as Readonly<Record<string, { licenseText: string }>>)[id].licenseText;

describe('licence texts', () => {
  it.each([
    ['LiLiQ-P-1.1', text('LiLiQ-P-1.1'), true],
    ['LiLiQ-P-1.1', `  ${text('LiLiQ-P-1.1').replace(/\n/g, '\r\n\t')}\n\n`, true],
    ['LiLiQ-Rplus-1.1', text('LiLiQ-R-1.1'), false],
    ['LiLiQ-R-1.1', text('LiLiQ-Rplus-1.1'), false],
    ['LiLiQ-P-1.1', `${text('LiLiQ-P-1.1')}\nSauf pour le module X.`, false],
    ['MIT', text('MIT').replace('<year>', '2027').replace('<copyright holders>', 'Logiciels Boréal inc.'), true],
    ['MIT', text('MIT').replace('Permission is hereby granted', 'Permission is granted'), false],
  ])('%s matches: %s', (id, body, expected) => {
    expect(licenseTextMatches(id, body)).toBe(expected);
  });

  it('names the licence a text is', () => {
    expect(identifyLicense(text('LiLiQ-R-1.1'), ['LiLiQ-P-1.1', 'LiLiQ-R-1.1', 'LiLiQ-Rplus-1.1'])).toBe('LiLiQ-R-1.1');
  });
});

describe('publiccode.yml', () => {
  const minimal = readFileSync(
    join(__dirname, '../../../test/contracts/fixtures/publiccode/publiccode.minimal.example.yml'),
    'utf8',
  );
  const expected = { license: 'AGPL-3.0-or-later', supplierName: 'Logiciels Boréal inc.' };
  const contractual = minimal.replace(
    /maintenance:[\s\S]*?(?=\nlocalisation:)/,
    'maintenance:\n  type: contract\n  contractors:\n    - name: "LOGICIELS BOREAL INC"\n      until: "2028-01-01"\n',
  );

  it('passes the standard minimal example made contractual', () => {
    expect(checkPubliccode(contractual, expected)).toMatchObject({ passed: true });
  });

  it.each([
    ['a community maintenance', minimal, { problems: [expect.stringContaining('contract'), expect.any(String)] }],
    ['no name', contractual.replace(/^name: .*$/m, ''), { missingKeys: ['name'] }],
    [
      'no features',
      contractual.replace(/ {4}features:\n {6}- Just one feature\n/, ''),
      { missingKeys: expect.arrayContaining(['description.<langue>.features']) },
    ],
    ['another licence', contractual.replace('AGPL-3.0-or-later', 'MIT'), { license: 'MIT' }],
    ['not YAML', 'name: [unclosed', { message: expect.stringContaining('YAML') }],
  ])('fails on %s', (_name, yml, details) => {
    const report = checkPubliccode(yml, expected);
    expect(report.passed).toBe(false);
    expect(report.details).toMatchObject(details);
  });
});

describe('.env files', () => {
  it.each([
    ['.env', true],
    ['.env.production', true],
    ['prod.env', true],
    ['.env.example', false],
    ['.env.sample', false],
    ['environment.ts', false],
  ])('%s: %s', (name, expected) => {
    expect(isEnvFile(name)).toBe(expected);
  });
});
