import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { IsNull } from 'typeorm';
import type { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { ProposalAttachmentView, toAttachmentView } from './dto/proposal-parts.view';
import { ProposalAttachment } from './entities/proposal-attachment.entity';
import { Proposal } from './entities/proposal.entity';
import { LockedProposal, ProposalWritesService } from './proposal-writes.service';
import { allowedContentType, assertEditable } from './proposals.rules';

/** The part of a multer file this service needs (memory storage). */
export interface UploadedFileInput {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** A file name as shown back: no directories, no control characters, at most 255 characters. */
function cleanFileName(name: string): string {
  // Multipart file names arrive as latin1; read them as UTF-8 when they are valid UTF-8.
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  const decoded = utf8.includes('\uFFFD') ? name : utf8;
  const base = basename(decoded.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned || 'fichier').slice(0, 255);
}

/**
 * Attachments of a proposal (stored in the database, see docs/proposals.md), while the
 * proposal is DRAFT or SUBMITTED and the opportunity open (P2). A change is a new version of
 * the proposal; on a SUBMITTED proposal it re-seals it (new receipt), since the receipt
 * hash covers the attachments.
 */
@Injectable()
export class ProposalAttachmentsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly writes: ProposalWritesService,
    private readonly config: AppConfig,
  ) {}

  /**
   * At most PROPOSAL_ATTACHMENTS_MAX_COUNT attachments and PROPOSAL_ATTACHMENTS_MAX_TOTAL_BYTES
   * in all per proposal (removed ones do not count); read with the proposal locked.
   */
  private async assertWithinLimits(scope: CommandScope, proposalId: string, adding: number): Promise<void> {
    const [held] = await scope.em.query<{ count: number; bytes: string }[]>(
      `SELECT count(*)::int AS count, coalesce(sum(size_bytes), 0)::text AS bytes
         FROM proposal_attachment WHERE proposal_id = $1 AND removed_at IS NULL`,
      [proposalId],
    );
    const maxCount = this.config.PROPOSAL_ATTACHMENTS_MAX_COUNT;
    const maxBytes = this.config.PROPOSAL_ATTACHMENTS_MAX_TOTAL_BYTES;
    if (held.count + 1 > maxCount || Number(held.bytes) + adding > maxBytes) {
      throw new DomainError('ATTACHMENTS_LIMIT', undefined, { maxCount, maxTotalBytes: maxBytes });
    }
  }

  add(
    ctx: CommandContext,
    actor: Actor,
    proposalId: string,
    file: UploadedFileInput | undefined,
  ): Promise<ProposalAttachmentView> {
    if (!file) throw validationFailed([{ path: 'file', message: 'un fichier est requis (champ multipart « file »)' }]);
    const contentType = allowedContentType(file.mimetype);
    if (!contentType)
      throw validationFailed([{ path: 'file', message: `type de fichier non admis : ${file.mimetype}` }]);
    if (file.size === 0) throw validationFailed([{ path: 'file', message: 'le fichier est vide' }]);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    return this.commands.run(ctx, async (scope) => {
      const locked = await this.writes.lockProposal(scope.em, actor, proposalId);
      assertEditable(locked.proposal.status);
      await this.assertWithinLimits(scope, proposalId, file.size);
      const repo = scope.em.getRepository(ProposalAttachment);
      const { id } = await repo.save(
        repo.create({
          proposalId,
          fileName: cleanFileName(file.originalname),
          contentType,
          sizeBytes: file.size,
          sha256,
          content: file.buffer,
          uploadedById: actor.id,
          removedAt: null,
        }),
      );
      const saved = await repo.findOneByOrFail({ id });
      await this.newVersion(scope, actor, locked, 'proposals.attachments.add', id);
      return toAttachmentView(saved);
    });
  }

  /** Marks the attachment removed (the row is kept). */
  remove(ctx: CommandContext, actor: Actor, proposalId: string, attachmentId: string): Promise<void> {
    return this.commands.run(ctx, async (scope) => {
      const locked = await this.writes.lockProposal(scope.em, actor, proposalId);
      assertEditable(locked.proposal.status);
      const repo = scope.em.getRepository(ProposalAttachment);
      const attachment = await repo.findOneBy({ id: attachmentId, proposalId, removedAt: IsNull() });
      if (!attachment) throw DomainError.notFound('proposal_attachment');
      await repo.update({ id: attachmentId }, { removedAt: locked.now });
      await this.newVersion(scope, actor, locked, 'proposals.attachments.remove', attachmentId);
    });
  }

  private async newVersion(
    scope: CommandScope,
    actor: Actor,
    locked: LockedProposal,
    action: string,
    attachmentId: string,
  ): Promise<void> {
    const { proposal } = locked;
    const price = await this.writes.priceOf(scope.em, proposal.id);
    await this.writes.recordVersion(scope.em, proposal, price, actor.id);
    if (proposal.status === 'SUBMITTED') await this.writes.seal(scope, actor, locked, price);
    const saved = await scope.em.getRepository(Proposal).save(proposal);
    scope.audit({
      action,
      entityType: 'proposal',
      entityId: proposal.id,
      data: {
        proposalId: proposal.id,
        attachmentId,
        status: saved.status,
        version: saved.version,
        submittedAt: saved.submittedAt?.toISOString() ?? null,
      },
    });
  }
}
