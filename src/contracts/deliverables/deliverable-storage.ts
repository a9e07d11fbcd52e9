import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppConfig } from '../../config/app-config';
import type { ArchiveFormat } from '../entities/contract-deliverable.entity';

const STALE_AFTER_MS = 24 * 3600 * 1000;

/**
 * The deliverables' files under STORAGE_DIR, a directory shared by every API replica and
 * worker: `tmp/` (uploads being received), `deliverables/<contract>/<deliverable>.<ext>`
 * (kept archives) and `work/` (trees the check job extracts, removed after each run).
 *
 * Ordering (docs/contracts.md): an upload streams into `tmp/`, is fsynced, validated, then
 * renamed into place inside the command's transaction, after its writes and before its
 * commit; if the commit fails the placed file is deleted, and `tmp/` is always cleaned. So a
 * refused or failed upload leaves neither row nor file, and the check job (relayed only after
 * commit) always finds the file of a committed row.
 */
@Injectable()
export class DeliverableStorage implements OnApplicationBootstrap {
  private readonly root: string;

  constructor(private readonly config: AppConfig) {
    this.root = resolve(config.STORAGE_DIR);
  }

  /**
   * Workers sweep what a crash left in `tmp/` and `work/` (a process killed mid-upload or
   * mid-check) once it is a day old: no upload or check run lasts that long, on any replica.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorkers) return;
    const dayAgo = Date.now() - STALE_AFTER_MS;
    for (const dir of ['tmp', 'work'].map((d) => join(this.root, d))) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (info && info.mtimeMs < dayAgo) await this.remove(path);
      }
    }
  }

  /** A fresh temporary path for an incoming upload. */
  async tempPath(): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomBytes(12).toString('hex')}.part`);
  }

  /** Where a deliverable's archive is kept, relative to STORAGE_DIR. */
  relativePath(contractId: string, deliverableId: string, format: ArchiveFormat): string {
    return join('deliverables', contractId, `${deliverableId}.${format}`);
  }

  absolute(relative: string): string {
    return join(this.root, relative);
  }

  /** A fresh directory for one check run. */
  async workDir(deliverableId: string): Promise<string> {
    const dir = join(this.root, 'work', `${deliverableId}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Flushes a written file to disk. */
  async fsync(path: string): Promise<void> {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Moves a received file into place (atomic rename on the same volume) and flushes the directory. */
  async place(tempPath: string, relative: string): Promise<void> {
    const target = this.absolute(relative);
    await mkdir(dirname(target), { recursive: true });
    await rename(tempPath, target);
    await this.fsync(dirname(target));
  }

  async remove(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }
}
