import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import * as yauzl from 'yauzl';
import { entryPath } from '../../contracts/archive/archive.rules';
import type { ArchiveFormat } from '../../contracts/entities/contract-deliverable.entity';
import { lazyModule } from '../../common/util/lazy-module';

// Loaded at the first archive read, not at start.
const tar = lazyModule<typeof import('tar')>('tar');

/**
 * The executable bit of each regular file of an archive the upload already validated (paths
 * cleaned as the manifest has them). Headers only: no content is kept. A zip made without
 * Unix modes has no executable file.
 */
export async function executablePaths(file: string, format: ArchiveFormat): Promise<Set<string>> {
  const executable = new Set<string>();
  const record = (name: string, mode: number) => {
    const clean = entryPath(name);
    if ('path' in clean && (mode & 0o111) !== 0) executable.add(clean.path);
  };
  if (format === 'zip') {
    const zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false });
    try {
      await new Promise<void>((resolve, fail) => {
        zip.on('error', fail);
        zip.on('end', resolve);
        zip.on('entry', (entry: yauzl.Entry) => {
          const raw = entry.fileName as unknown as Buffer;
          const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
          const mode = (entry.externalFileAttributes >>> 16) & 0o177777;
          if ((mode & 0o170000) === 0o100000) record(name, mode);
          zip.readEntry();
        });
        zip.readEntry();
      });
    } finally {
      zip.close();
    }
    return executable;
  }
  const parser = new (tar().Parser)({
    onReadEntry: (entry: ReadEntry) => {
      if (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile') {
        record(entry.path, entry.mode ?? 0);
      }
      entry.resume();
    },
  });
  await pipeline(createReadStream(file), createGunzip(), parser as unknown as Writable);
  return executable;
}
