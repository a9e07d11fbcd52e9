import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '../common/auth/actor';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import type { ArchiveFormat, ManifestEntry } from '../contracts/entities/contract-deliverable.entity';
import type { ContractStatus, PublicationStatus } from '../contracts/entities/contract.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { activeRecipients } from '../notifications/recipients';
import type { PublicationStep } from './forge.rules';

/** What the publication needs to know about a contract, read once per run. */
export interface PublicationRecord {
  contractId: string;
  contractReference: string;
  status: ContractStatus;
  publicationStatus: PublicationStatus | null;
  attempts: number;
  acceptedAt: Date | null;
  opportunityId: string;
  opportunityReference: string;
  title: { fr: string; en?: string };
  license: string | null;
  forgeProjectPath: string | null;
  publicBodyId: string;
  forgeGroupPath: string;
  supplierName: string;
  /** What a finished publication stored on the contract. */
  result: { projectUrl: string; commitSha: string; releaseUrl: string } | null;
  deliverable: { storagePath: string; format: ArchiveFormat; sha256: string; manifest: ManifestEntry[] } | null;
}

export type StepData = Record<string, unknown>;

/**
 * The publication's database side (docs/forge.md): every write is its own short command
 * (one transaction, audited) between network calls; none is held open across one.
 */
@Injectable()
export class ForgePublicationStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly notifications: NotificationsService,
  ) {}

  async record(contractId: string): Promise<PublicationRecord | null> {
    const [r] = await this.dataSource.query(
      `SELECT c.id, c.reference, c.status, c.publication_status, c.publication_attempts, c.accepted_at,
              c.project_url, c.commit_sha, c.release_url,
              o.id AS opportunity_id, o.reference AS opportunity_reference, o.title, o.license, o.forge_project_path,
              pb.id AS public_body_id, pb.forge_group_path, v.legal_name,
              d.storage_path, d.format, d.sha256, d.manifest
         FROM contract c
         JOIN opportunity o ON o.id = c.opportunity_id
         JOIN public_body pb ON pb.id = o.public_body_id
         JOIN vendor_organization v ON v.id = c.supplier_id
         LEFT JOIN contract_deliverable d ON d.id = c.accepted_deliverable_id
        WHERE c.id = $1`,
      [contractId],
    );
    if (!r) return null;
    return {
      contractId: r.id,
      contractReference: r.reference,
      status: r.status,
      publicationStatus: r.publication_status,
      attempts: Number(r.publication_attempts),
      acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
      opportunityId: r.opportunity_id,
      opportunityReference: r.opportunity_reference,
      title: r.title,
      license: r.license,
      forgeProjectPath: r.forge_project_path,
      publicBodyId: r.public_body_id,
      forgeGroupPath: r.forge_group_path,
      supplierName: r.legal_name,
      result:
        r.project_url && r.commit_sha && r.release_url
          ? { projectUrl: r.project_url, commitSha: r.commit_sha, releaseUrl: r.release_url }
          : null,
      deliverable: r.storage_path
        ? { storagePath: r.storage_path, format: r.format, sha256: r.sha256, manifest: r.manifest }
        : null,
    };
  }

  async steps(contractId: string): Promise<Map<PublicationStep, StepData>> {
    const rows = await this.dataSource.query<{ step: PublicationStep; data: StepData }[]>(
      `SELECT step, data FROM forge_publication_step WHERE contract_id = $1`,
      [contractId],
    );
    return new Map(rows.map((r) => [r.step, r.data]));
  }

  /** Records a step as done (the primary key keeps the first record if two runs race). */
  recordStep(contractId: string, step: PublicationStep, data: StepData): Promise<void> {
    return this.commands.run(SYSTEM_CONTEXT, async (scope) => {
      await scope.em.query(
        `INSERT INTO forge_publication_step (contract_id, step, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [contractId, step, JSON.stringify(data)],
      );
      scope.audit({
        action: 'forge.step',
        entityType: 'contract',
        entityId: contractId,
        data: { step, ...data },
        bySystem: true,
      });
    });
  }

  /** A run starts: RUNNING, one more attempt. */
  start(contractId: string): Promise<void> {
    return this.commands.run(SYSTEM_CONTEXT, async (scope) => {
      await scope.em.query(
        `UPDATE contract SET publication_status = 'RUNNING', publication_attempts = publication_attempts + 1, updated_at = now()
          WHERE id = $1 AND publication_status IS DISTINCT FROM 'DONE'`,
        [contractId],
      );
      scope.audit({ action: 'forge.start', entityType: 'contract', entityId: contractId, bySystem: true });
    });
  }

  /** A run will be tried again: the reason is shown, the status stays RUNNING. */
  noteRetry(contractId: string, reason: string): Promise<void> {
    return this.commands.run(SYSTEM_CONTEXT, async (scope) => {
      await scope.em.query(`UPDATE contract SET publication_last_error = $2, updated_at = now() WHERE id = $1`, [
        contractId,
        reason,
      ]);
      scope.audit({
        action: 'forge.retry-later',
        entityType: 'contract',
        entityId: contractId,
        data: { reason },
        bySystem: true,
      });
    });
  }

  /** FAILED with its reason, and the e-mail to the owning buyers and the admins. */
  fail(r: PublicationRecord, reason: string): Promise<void> {
    return this.commands.run(SYSTEM_CONTEXT, async (scope) => {
      const [row] = await scope.em.query<{ publication_attempts: number }[]>(
        `UPDATE contract SET publication_status = 'FAILED', publication_last_error = $2, updated_at = now()
          WHERE id = $1 RETURNING publication_attempts`,
        [r.contractId, reason],
      );
      scope.audit({
        action: 'forge.failed',
        entityType: 'contract',
        entityId: r.contractId,
        data: { reason },
        bySystem: true,
      });
      await this.notify(
        scope,
        r,
        'forge-publication-failed',
        { reason },
        `forge-failed:${r.contractId}:${row?.publication_attempts ?? 0}`,
      );
    });
  }

  /** The DONE e-mail (the same event never e-mails twice: a re-run after a crash sends nothing new). */
  notifyDone(
    r: PublicationRecord,
    result: { projectUrl: string; commitSha: string; releaseUrl: string },
  ): Promise<void> {
    return this.commands.run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({
        action: 'forge.done-notice',
        entityType: 'contract',
        entityId: r.contractId,
        data: result,
        bySystem: true,
      });
      await this.notify(scope, r, 'forge-publication-done', result, `forge-done:${r.contractId}`);
    });
  }

  private async notify(
    scope: CommandScope,
    r: PublicationRecord,
    template: 'forge-publication-done' | 'forge-publication-failed',
    extra: Record<string, unknown>,
    eventKey: string,
  ): Promise<void> {
    // The owning body's buyers and every admin.
    const recipients = await activeRecipients(
      scope.em,
      `(u.role = 'buyer' AND u.public_body_id = $1) OR u.role = 'admin'`,
      [r.publicBodyId],
    );
    await this.notifications.queue(scope, {
      template,
      recipients,
      entityType: 'contract',
      entityId: r.contractId,
      data: {
        opportunityId: r.opportunityId,
        reference: r.opportunityReference,
        title: r.title,
        contractReference: r.contractReference,
        ...extra,
      },
      eventKey,
    });
  }
}
