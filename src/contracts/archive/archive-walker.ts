import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import * as yauzl from 'yauzl';
import type { ArchiveFormat, ManifestEntry } from '../entities/contract-deliverable.entity';
import {
  ARCHIVE_LIMITS,
  ArchiveRejection,
  entryPath,
  exceedsRatio,
  hardlinkStaysInside,
  RejectionReason,
  symlinkStaysInside,
} from './archive.rules';
import { lazyModule } from '../../common/util/lazy-module';

// Loaded at the first archive read, not at start.
const tar = lazyModule<typeof import('tar')>('tar');

export interface ArchiveSummary {
  entryCount: number;
  expandedBytes: number;
  manifest: ManifestEntry[];
}

/**
 * Reads a delivered archive entry by entry and refuses it (ArchiveRejection) at the first
 * entry that breaks a rule of archive.rules.ts, before reading that entry's data. Every file
 * is hashed (SHA-256) while it streams; nothing is held whole in memory. With `extractTo`,
 * regular files are also written under that directory (links are recorded in the manifest,
 * never created). The same walk serves the upload (validation and manifest, nothing written)
 * and the check job (extraction), so both apply exactly the same rules.
 */
export async function walkArchive(file: string, format: ArchiveFormat, extractTo?: string): Promise<ArchiveSummary> {
  const walk = new Walk(extractTo);
  if (format === 'zip') await walk.zip(file);
  else await walk.tarGz(file);
  walk.manifest.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entryCount: walk.entries, expandedBytes: walk.expanded, manifest: walk.manifest };
}

const reject = (reason: RejectionReason, entry: string | null, extra?: Record<string, unknown>): never => {
  throw new ArchiveRejection(reason, entry, extra);
};

class Walk {
  entries = 0;
  expanded = 0;
  /** Compressed bytes read so far (tar.gz: the whole stream is one gzip member). */
  compressed: number | null = null;
  readonly manifest: ManifestEntry[] = [];

  constructor(private readonly extractTo?: string) {}

  /** Counts one entry and returns its clean path (empty for the root). */
  private admit(name: string): string {
    this.entries += 1;
    if (this.entries > ARCHIVE_LIMITS.maxEntries) reject('too-many-entries', name, { max: ARCHIVE_LIMITS.maxEntries });
    const clean = entryPath(name);
    if ('reason' in clean) return reject(clean.reason, name);
    return clean.path;
  }

  private link(kind: 'symlink' | 'hardlink', path: string, name: string, target: string): void {
    const inside = kind === 'symlink' ? symlinkStaysInside(path, target) : hardlinkStaysInside(target);
    if (!inside) reject(kind === 'symlink' ? 'symlink-escape' : 'hardlink-escape', name, { target });
    this.manifest.push({ path, type: kind, size: 0, target });
  }

  private reserve(name: string, size: number): void {
    if (this.expanded + size > ARCHIVE_LIMITS.maxExpandedBytes) {
      reject('expanded-too-large', name, { maxBytes: ARCHIVE_LIMITS.maxExpandedBytes });
    }
  }

  /** Streams one file's content through SHA-256 (and to disk when extracting). */
  private async file(path: string, name: string, content: Readable, declared: number): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        size += chunk.length;
        this.expanded += chunk.length;
        if (this.expanded > ARCHIVE_LIMITS.maxExpandedBytes) {
          return done(new ArchiveRejection('expanded-too-large', name, { maxBytes: ARCHIVE_LIMITS.maxExpandedBytes }));
        }
        if (this.compressed !== null && exceedsRatio(this.expanded, this.compressed)) {
          return done(new ArchiveRejection('compression-ratio', name, { maxRatio: ARCHIVE_LIMITS.maxRatio }));
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    let sink: Writable;
    if (this.extractTo && path !== '') {
      const target = join(this.extractTo, path);
      mkdirSync(dirname(target), { recursive: true });
      sink = createWriteStream(target, { flags: 'wx' });
    } else {
      sink = new Writable({ write: (_c, _e, done) => done() });
    }
    await pipeline(content, meter, sink);
    if (size !== declared) reject('corrupt-archive', name, { declared, actual: size });
    this.manifest.push({ path, type: 'file', size, sha256: hash.digest('hex') });
  }

  private directory(path: string): void {
    if (this.extractTo && path !== '') mkdirSync(join(this.extractTo, path), { recursive: true });
  }

  // ─── zip (yauzl 3: lazy entries, entry sizes validated) ──────────────────────────

  async zip(file: string): Promise<void> {
    let zip: yauzl.ZipFile;
    try {
      // decodeStrings off: yauzl would refuse bad names with a bare error; our rules name the reason.
      zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false });
    } catch (e) {
      return reject('corrupt-archive', null, { cause: (e as Error).message });
    }
    if (zip.entryCount > ARCHIVE_LIMITS.maxEntries) {
      zip.close();
      reject('too-many-entries', null, { max: ARCHIVE_LIMITS.maxEntries, entries: zip.entryCount });
    }
    try {
      await new Promise<void>((resolve, fail) => {
        zip.on('error', fail);
        zip.on('end', resolve);
        zip.on('entry', (entry: yauzl.Entry) => {
          this.zipEntry(zip, entry).then(() => zip.readEntry(), fail);
        });
        zip.readEntry();
      });
    } catch (e) {
      if (e instanceof ArchiveRejection) throw e;
      return reject('corrupt-archive', null, { cause: (e as Error).message });
    } finally {
      zip.close();
    }
  }

  private async zipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
    const raw = entry.fileName as unknown as Buffer;
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
    const path = this.admit(name);
    const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
    if (mode === 0o020000 || mode === 0o060000 || mode === 0o140000) reject('device-file', name);
    if (mode === 0o010000) reject('fifo', name);
    if (name.endsWith('/') || mode === 0o040000) return this.directory(path);
    if (entry.uncompressedSize > 0 && exceedsRatio(entry.uncompressedSize, entry.compressedSize)) {
      reject('compression-ratio', name, {
        uncompressedSize: entry.uncompressedSize,
        compressedSize: entry.compressedSize,
        maxRatio: ARCHIVE_LIMITS.maxRatio,
      });
    }
    if (mode === 0o120000) {
      if (entry.uncompressedSize > ARCHIVE_LIMITS.maxLinkTargetBytes) reject('symlink-escape', name);
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return this.link('symlink', path, name, Buffer.concat(chunks).toString('utf8'));
    }
    if (mode !== 0 && mode !== 0o100000) reject('unsupported-entry', name, { mode });
    this.reserve(name, entry.uncompressedSize);
    await this.file(path, name, await zip.openReadStreamPromise(entry), entry.uncompressedSize);
  }

  // ─── tar.gz (gunzip metered for the ratio, tar 7 parser with a filter) ──────────

  async tarGz(file: string): Promise<void> {
    this.compressed = 0;
    let expanded = 0;
    const contents: PassThrough[] = [];
    let rejection: ArchiveRejection | null = null;
    const pending: Promise<void>[] = [];
    const countIn = new Transform({
      transform: (chunk: Buffer, _e, done) => {
        this.compressed! += chunk.length;
        done(null, chunk);
      },
    });
    const countOut = new Transform({
      transform: (chunk: Buffer, _e, done) => {
        expanded += chunk.length;
        // The ratio counts file data (tar headers of many small files compress very well too).
        if (exceedsRatio(this.expanded, this.compressed!)) {
          return done(new ArchiveRejection('compression-ratio', null, { maxRatio: ARCHIVE_LIMITS.maxRatio }));
        }
        // Headers and padding aside, the tar stream is the expanded tree.
        if (expanded > ARCHIVE_LIMITS.maxExpandedBytes * 1.1 + 1024 * ARCHIVE_LIMITS.maxEntries) {
          return done(new ArchiveRejection('expanded-too-large', null, { maxBytes: ARCHIVE_LIMITS.maxExpandedBytes }));
        }
        done(null, chunk);
      },
    });
    const admitted = new WeakMap<ReadEntry, string>();
    const parser = new (tar().Parser)({
      strict: true,
      // The filter applies the rules to each header before its data is read; a refusal stops the walk.
      filter: (_path, entry) => {
        if (rejection) return false;
        try {
          admitted.set(entry as ReadEntry, this.tarHeader(entry as ReadEntry));
          return true;
        } catch (e) {
          rejection = e as ArchiveRejection;
          parser.abort(rejection);
          return false;
        }
      },
      onReadEntry: (entry) => {
        const path = admitted.get(entry);
        if (path === undefined) return entry.resume();
        const name = entry.path;
        if (isTarFile(entry.type)) {
          const content = new PassThrough();
          contents.push(content);
          entry.pipe(content);
          pending.push(
            this.file(path, name, content, entry.size ?? 0).catch((e) => {
              rejection ??= e instanceof ArchiveRejection ? e : new ArchiveRejection('corrupt-archive', name);
              parser.abort(rejection);
            }),
          );
        } else {
          if (entry.type === 'Directory') this.directory(path);
          entry.resume();
        }
      },
    });
    try {
      await pipeline(createReadStream(file), countIn, createGunzip(), countOut, parser as unknown as Writable);
      await Promise.all(pending);
    } catch (e) {
      // Files being written will get no more data: end them so that their promises settle.
      for (const content of contents) content.destroy(rejection ?? (e as Error));
      await Promise.allSettled(pending);
      if (rejection) throw rejection;
      if (e instanceof ArchiveRejection) throw e;
      return reject('corrupt-archive', null, { cause: (e as Error).message });
    }
    if (rejection) throw rejection;
  }

  /** One tar header: its clean path, or a refusal; links are recorded here. */
  private tarHeader(entry: ReadEntry): string {
    const name = entry.path;
    const path = this.admit(name);
    switch (entry.type) {
      case 'CharacterDevice':
      case 'BlockDevice':
        return reject('device-file', name);
      case 'FIFO':
        return reject('fifo', name);
      case 'SymbolicLink':
        this.link('symlink', path, name, entry.linkpath ?? '');
        return path;
      case 'Link':
        this.link('hardlink', path, name, entry.linkpath ?? '');
        return path;
      case 'Directory':
        return path;
      default:
        if (!isTarFile(entry.type)) return reject('unsupported-entry', name, { type: entry.type });
        this.reserve(name, entry.size ?? 0);
        return path;
    }
  }
}

const isTarFile = (type: string) => type === 'File' || type === 'OldFile' || type === 'ContiguousFile';
