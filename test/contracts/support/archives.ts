import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/**
 * Archives built byte by byte by the tests, so that they can hold what no well-behaved tool
 * writes: `../` names, absolute paths, links out of the tree, device files, FIFOs, bombs.
 */
export type TestEntry =
  | { name: string; type?: 'file'; content: string | Buffer; mode?: number }
  | { name: string; type: 'directory' }
  | { name: string; type: 'symlink' | 'hardlink'; target: string }
  | { name: string; type: 'char-device' | 'block-device' | 'fifo' };

const TAR_TYPES = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  'char-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
};

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(e: TestEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  const type = e.type ?? 'file';
  h.write(e.name, 0, 100, 'utf8');
  h.write(octal('mode' in e && e.mode ? e.mode & 0o7777 : type === 'directory' ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(1_700_000_000, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(TAR_TYPES[type], 156, 'ascii');
  if ('target' in e) h.write(e.target, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

export function tarGz(entries: TestEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const content = 'content' in e ? Buffer.from(e.content) : Buffer.alloc(0);
    parts.push(tarHeader(e, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

const UNIX_MODES = {
  file: 0o100644,
  directory: 0o040755,
  symlink: 0o120777,
  hardlink: 0o100644,
  'char-device': 0o020644,
  'block-device': 0o060644,
  fifo: 0o010644,
};

export function zip(entries: TestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = 'content' in e ? Buffer.from(e.content) : 'target' in e ? Buffer.from(e.target) : Buffer.alloc(0);
    const deflated = deflateRawSync(data);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((('mode' in e && e.mode) || UNIX_MODES[type]) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
