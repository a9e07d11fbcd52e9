import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { DB_NOW } from '../../common/command/transition-sql';
import { DomainError } from '../../common/errors/domain-error';
import { walkArchive } from '../archive/archive-walker';
import { ARCHIVE_LIMITS, ArchiveRejection } from '../archive/archive.rules';
import { requireContract } from '../../common/access/contract-access';
import { transitionContract } from '../contract-transitions';
import { assertStatusIn, DELIVERABLE } from '../contracts.rules';
import type { DeliverableReceiptView } from '../dto/contract.view';
import { DeliverableStorage } from './deliverable-storage';
import { receiveArchive } from './receive-archive';

/** The check job of one deliverable (`contracts` queue). */
export const CHECK_DELIVERABLE_JOB = 'contracts.check-deliverable' as const;

export interface CheckDeliverablePayload extends Record<string, unknown> {
  deliverableId: string;
}

const NOT_DELIVERABLE = 'Le contrat n’attend plus de livraison.';

/**
 * Delivery (domain.md §7): a supplier member uploads a source archive. Order of work — who
 * and which state first (before a byte is read), then the upload streamed to `tmp/` with its
 * SHA-256 and fsynced, then the archive walked (every rule, the per-file manifest), then one
 * transaction: contract re-locked and re-checked, the row written, ACTIVE → DELIVERED on the
 * first delivery, the check job queued, and the file renamed into place just before commit.
 * A refusal or failure at any step leaves no row and no file (DeliverableStorage).
 */
@Injectable()
export class DeliverableIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly storage: DeliverableStorage,
  ) {}

  async upload(
    ctx: CommandContext,
    actor: Actor | undefined,
    contractId: string,
    req: IncomingMessage,
  ): Promise<DeliverableReceiptView> {
    const before = await requireContract(this.dataSource.manager, actor, contractId, { relation: 'supplier' });
    assertStatusIn(before.status, DELIVERABLE, NOT_DELIVERABLE);

    const temp = await this.storage.tempPath();
    const id = randomUUID();
    let placed: string | null = null;
    try {
      const received = await receiveArchive(req, temp, ARCHIVE_LIMITS.maxCompressedBytes);
      await this.storage.fsync(temp);
      const summary = await walkArchive(temp, received.format);
      const storagePath = this.storage.relativePath(contractId, id, received.format);
      return await this.commands.run(ctx, async (scope) => {
        const c = await requireContract(scope.em, actor, contractId, { lock: true, relation: 'supplier' });
        assertStatusIn(c.status, DELIVERABLE, NOT_DELIVERABLE);
        const [{ number }] = await scope.em.query<{ number: number }[]>(
          `SELECT coalesce(max(number), 0) + 1 AS number FROM contract_deliverable WHERE contract_id = $1`,
          [contractId],
        );
        await scope.em.query(
          `INSERT INTO contract_deliverable (id, contract_id, number, file_name, format, size_bytes, sha256, storage_path,
                                             entry_count, expanded_bytes, manifest, uploaded_by_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            id,
            contractId,
            number,
            received.fileName,
            received.format,
            received.sizeBytes,
            received.sha256,
            storagePath,
            summary.entryCount,
            summary.expandedBytes,
            JSON.stringify(summary.manifest),
            actor!.id,
          ],
        );
        const data = {
          deliverableId: id,
          number: Number(number),
          fileName: received.fileName,
          sha256: received.sha256,
          sizeBytes: received.sizeBytes,
          entryCount: summary.entryCount,
          expandedBytes: summary.expandedBytes,
        };
        if (c.status === 'ACTIVE') {
          await transitionContract(scope, c, 'DELIVERED', {
            action: 'contract.deliver',
            set: { delivered_at: DB_NOW },
            data,
            tags: ['implementation'],
          });
        } else {
          scope.audit({ action: 'contract.deliver', entityType: 'contract', entityId: contractId, data });
        }
        scope.enqueue({
          name: CHECK_DELIVERABLE_JOB,
          payload: { deliverableId: id } satisfies CheckDeliverablePayload,
          jobId: `${CHECK_DELIVERABLE_JOB}:${id}`,
        });
        // Last step before commit: the job, relayed after commit, always finds the file.
        await this.storage.place(temp, storagePath);
        placed = this.storage.absolute(storagePath);
        return { id, sha256: received.sha256, checkStatus: 'PENDING' as const, checks: [] };
      });
    } catch (e) {
      if (placed) await this.storage.remove(placed);
      if (e instanceof ArchiveRejection) {
        throw new DomainError('ARCHIVE_REJECTED', e.message, { reason: e.reason, entry: e.entry, ...e.extra });
      }
      throw e;
    } finally {
      await this.storage.remove(temp);
    }
  }
}
