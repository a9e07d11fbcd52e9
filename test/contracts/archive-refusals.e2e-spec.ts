import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliverableStorage } from '../../src/contracts/deliverables/deliverable-storage';
import { expectEnvelope } from '../support/scenario';
import { tarGz, TestEntry, zip } from './support/archives';
import {
  AwardedContract,
  awardedContract,
  ContractsWorld,
  contractsWorld,
  filesUnder,
  projectEntries,
  upload,
} from './support/contract-scenario';

/**
 * Safe intake (domain.md §7): each hostile archive is refused with ARCHIVE_REJECTED (422), its
 * reason and the entry concerned, and leaves nothing behind: no row, no file under
 * STORAGE_DIR, the contract still ACTIVE.
 */
describe('Deliverable archives that are refused', () => {
  let w: ContractsWorld;
  let c: AwardedContract;

  beforeAll(async () => {
    w = await contractsWorld('archive-refusals', { redis: false });
    c = await awardedContract(w);
  });

  afterAll(async () => {
    await w?.close();
  });

  async function expectNothingLeft(): Promise<void> {
    expect(filesUnder(w.storageDir)).toEqual([]);
    const [row] = await w.sql(
      `SELECT (SELECT count(*) FROM contract_deliverable WHERE contract_id = $1)::int AS deliverables, status FROM contract WHERE id = $1`,
      [c.contractId],
    );
    expect(row).toEqual({ deliverables: 0, status: 'ACTIVE' });
  }

  const good = () => projectEntries(c.supplierName);
  const MB = 1024 * 1024;

  it.each<[string, () => Buffer, string, string | null]>([
    ['zip-slip', () => zip([...good(), { name: '../evil.sh', content: 'rm -rf /' }]), 'path-traversal', '../evil.sh'],
    [
      'tar with ../',
      () => tarGz([...good(), { name: 'projet/../../evil.sh', content: 'x' }]),
      'path-traversal',
      'projet/../../evil.sh',
    ],
    ['absolute path', () => tarGz([{ name: '/etc/cron.d/evil', content: 'x' }]), 'absolute-path', '/etc/cron.d/evil'],
    [
      'symlink escape (tar)',
      () => tarGz([...good(), { name: 'projet/lien', type: 'symlink', target: '../../etc/passwd' }]),
      'symlink-escape',
      'projet/lien',
    ],
    [
      'symlink escape (zip)',
      () => zip([...good(), { name: 'projet/lien', type: 'symlink', target: '/etc/passwd' }]),
      'symlink-escape',
      'projet/lien',
    ],
    [
      'hardlink escape',
      () => tarGz([...good(), { name: 'projet/dur', type: 'hardlink', target: '../etc/shadow' }]),
      'hardlink-escape',
      'projet/dur',
    ],
    [
      'device file',
      () => tarGz([...good(), { name: 'projet/null', type: 'char-device' }]),
      'device-file',
      'projet/null',
    ],
    ['FIFO', () => tarGz([...good(), { name: 'projet/tube', type: 'fifo' }]), 'fifo', 'projet/tube'],
    [
      'zip bomb by ratio',
      () => zip([{ name: 'bombe.bin', content: Buffer.alloc(20 * MB) }]),
      'compression-ratio',
      'bombe.bin',
    ],
    [
      'tar.gz bomb by ratio',
      () => tarGz([{ name: 'bombe.bin', content: Buffer.alloc(20 * MB) }]),
      'compression-ratio',
      'bombe.bin',
    ],
    [
      '20 001 entries',
      () => zip(Array.from({ length: 20_001 }, (_, i): TestEntry => ({ name: `f/${i}.txt`, content: `${i}` }))),
      'too-many-entries',
      null,
    ],
    ['not an archive', () => Buffer.from('%PDF-1.7 pas une archive'), 'unsupported-format', 'livrable.tar.gz'],
  ])('%s', async (_name, build, reason, entry) => {
    const res = await upload(w, c.supplier, c.contractId, build()).expect(422);
    expectEnvelope(res, 'ARCHIVE_REJECTED');
    expect(res.body.error.details).toMatchObject({ reason, entry });
    await expectNothingLeft();
  });

  it('refuses a 150 MB upload while streaming it: the API does not hold it in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'echanges-big-'));
    const path = join(dir, 'gros.tar.gz');
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(MB, 7);
    chunk[0] = 0x1f;
    chunk[1] = 0x8b;
    for (let i = 0; i < 150; i++) writeSync(fd, chunk);
    closeSync(fd);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      const res = await upload(w, c.supplier, c.contractId, path, 'gros.tar.gz').expect(422);
      expectEnvelope(res, 'ARCHIVE_REJECTED');
      expect(res.body.error.details).toMatchObject({ reason: 'too-large', entry: null });
    } finally {
      clearInterval(sampler);
      rmSync(dir, { recursive: true, force: true });
    }
    // The test process is both client and API: 150 MB held anywhere would show here.
    expect(peak - before).toBeLessThan(80 * MB);
    await expectNothingLeft();
  });

  it('takes a well-formed archive afterwards (the refusals changed nothing)', async () => {
    const res = await upload(w, c.supplier, c.contractId, zip(good()), 'livrable.zip').expect(201);
    expect(filesUnder(w.storageDir)).toEqual([`deliverables/${c.contractId}/${res.body.id}.zip`]);
  });

  it('sweeps, at worker start, what a crash left in tmp/ and work/ once a day old', async () => {
    const stale = join(w.storageDir, 'tmp', 'ancien.part');
    const fresh = join(w.storageDir, 'tmp', 'recent.part');
    const tree = join(w.storageDir, 'work', 'abandonne');
    mkdirSync(tree, { recursive: true });
    mkdirSync(join(w.storageDir, 'tmp'), { recursive: true });
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    utimesSync(tree, twoDaysAgo, twoDaysAgo);
    await w.t.app.get(DeliverableStorage).onApplicationBootstrap();
    expect(filesUnder(join(w.storageDir, 'tmp'))).toEqual(['recent.part']);
    expect(readdirSync(join(w.storageDir, 'work'))).not.toContain('abandonne');
  });
});
