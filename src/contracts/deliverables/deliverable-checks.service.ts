import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { returnedRows } from '../../common/command/transition-sql';
import { isUuid } from '../../common/util/uuid';
import { JobRegistry } from '../../jobs/job-registry';
import { walkArchive } from '../archive/archive-walker';
import { runChecks } from '../checks/run-checks';
import type { ArchiveFormat } from '../entities/contract-deliverable.entity';
import { CHECK_DELIVERABLE_JOB } from './deliverable-intake.service';
import { DeliverableStorage } from './deliverable-storage';

/**
 * The check job (`contracts.check-deliverable`): extracts the kept archive into a fresh work
 * directory (the same walk and rules as the upload), runs every check, stores each result
 * `{name, passed, details}` and removes the tree. Idempotent: a deliverable already checked
 * is left alone, so a retried or duplicated job changes nothing.
 */
@Injectable()
export class DeliverableChecksService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly storage: DeliverableStorage,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(CHECK_DELIVERABLE_JOB, {
      handle: async (payload) => {
        if (!isUuid(payload.deliverableId)) return { permanentFailure: 'identifiant de livrable invalide' };
        await this.check(payload.deliverableId);
        return 'done';
      },
    });
  }

  async check(deliverableId: string): Promise<void> {
    const [d] = await this.dataSource.query<
      {
        id: string;
        contract_id: string;
        format: ArchiveFormat;
        storage_path: string;
        check_status: string;
        license: string | null;
        legal_name: string;
      }[]
    >(
      `SELECT d.id, d.contract_id, d.format, d.storage_path, d.check_status, o.license, v.legal_name
         FROM contract_deliverable d
         JOIN contract c ON c.id = d.contract_id
         JOIN opportunity o ON o.id = c.opportunity_id
         JOIN vendor_organization v ON v.id = c.supplier_id
        WHERE d.id = $1`,
      [deliverableId],
    );
    if (!d || d.check_status === 'DONE') return;
    const work = await this.storage.workDir(d.id);
    try {
      const tree = `${work}/tree`;
      const { manifest } = await walkArchive(this.storage.absolute(d.storage_path), d.format, tree);
      const checks = await runChecks(tree, manifest, { license: d.license, supplierName: d.legal_name });
      await this.commands.run(SYSTEM_CONTEXT, async (scope) => {
        const updated = await scope.em.query(
          `UPDATE contract_deliverable SET checks = $2, check_status = 'DONE', checked_at = now()
            WHERE id = $1 AND check_status = 'PENDING' RETURNING id`,
          [d.id, JSON.stringify(checks)],
        );
        scope.audit({
          action: 'contract.deliverable-checked',
          entityType: 'contract',
          entityId: d.contract_id,
          data: {
            deliverableId: d.id,
            passed: checks.every((c) => c.passed),
            checks: checks.map((c) => ({ name: c.name, passed: c.passed })),
            recorded: returnedRows(updated).length > 0,
          },
          bySystem: true,
        });
      });
    } finally {
      await this.storage.remove(work);
    }
  }
}
