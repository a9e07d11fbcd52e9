import {
  Body,
  Controller,
  Delete,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { CreateProposalDto, SubmitProposalDto, UpdateProposalDto } from './dto/proposal-commands.dto';
import { ProposalAttachmentView } from './dto/proposal-parts.view';
import { ProposalWriteView, SubmissionReceiptView, WithdrawalView } from './dto/proposal.view';
import { ProposalAttachmentsService, UploadedFileInput } from './proposal-attachments.service';
import { ProposalCommandsService } from './proposal-commands.service';

const OPEN =
  'Seulement pendant l’appel : opportunité PUBLISHED et heure de la base de données avant la date limite, vérifiée sous verrou dans la ' +
  'transaction d’écriture (sinon 409 DEADLINE_PASSED). Réservé aux membres de l’organisation fournisseuse (sinon 404).';

/** A vendor writes its proposal (domain.md §5); reads are in proposals/reads. */
@ApiTags('Propositions')
@ApiBearerAuth()
@Controller()
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalCommandsService,
    private readonly attachments: ProposalAttachmentsService,
  ) {}

  @Post('opportunities/:id/proposals')
  @RequirePermission('proposals:write')
  @ApiOperation({
    summary: 'Créer une proposition (brouillon)',
    description: `${OPEN} Une seule proposition non retirée par organisation (409 DUPLICATE_PROPOSAL) ; prix 0 < prix ≤ valeur estimée (422 INVALID_PRICE).`,
  })
  @ApiCreatedResponse({ type: ProposalWriteView })
  create(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateProposalDto,
  ): Promise<ProposalWriteView> {
    return this.proposals.create(ctx, actor, id, dto);
  }

  @Patch('proposals/:id')
  @RequirePermission('proposals:write')
  @ApiOperation({
    summary: 'Modifier une proposition (partiel)',
    description:
      `${OPEN} La version précédente est conservée. Une proposition déposée reste déposée : la modification est validée comme un dépôt ` +
      '(P3–P6, P4) et scellée aussitôt (nouvel accusé de réception), ou refusée sans toucher au dépôt précédent.',
  })
  @ApiOkResponse({ type: ProposalWriteView })
  update(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateProposalDto,
  ): Promise<ProposalWriteView> {
    return this.proposals.update(ctx, actor, id, dto);
  }

  @Post('proposals/:id/submit')
  @HttpCode(200)
  @RequirePermission('proposals:write')
  @ApiOperation({
    summary: 'Déposer une proposition',
    description:
      `${OPEN} Attestations (422 ATTESTATION_REQUIRED), réponse à chaque critère (422 INCOMPLETE_PROPOSAL), prix (422 INVALID_PRICE), ` +
      'entreprise admissible (422 VENDOR_INELIGIBLE). Avec Idempotency-Key, une reprise renvoie la première réponse ; la même clé pour une autre ' +
      'requête : 422 IDEMPOTENCY_KEY_REUSED. Un accusé de réception (sans le prix) est envoyé par courriel.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1 à 200 caractères ASCII imprimables' })
  @ApiOkResponse({ type: SubmissionReceiptView })
  submit(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: SubmitProposalDto,
  ): Promise<SubmissionReceiptView> {
    return this.proposals.submit(ctx, actor, id, key, dto);
  }

  @Post('proposals/:id/withdraw')
  @HttpCode(200)
  @RequirePermission('proposals:write')
  @ApiOperation({
    summary: 'Retirer une proposition',
    description: `${OPEN} Un brouillon peut aussi être retiré (abandonné).`,
  })
  @ApiOkResponse({ type: WithdrawalView })
  withdraw(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<WithdrawalView> {
    return this.proposals.withdraw(ctx, actor, id);
  }

  @Post('proposals/:id/attachments')
  @RequirePermission('proposals:write')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary: 'Joindre un fichier',
    description:
      `${OPEN} Brouillon ou déposée. Au plus PROPOSAL_ATTACHMENT_MAX_BYTES octets (413 PAYLOAD_TOO_LARGE) ; PDF, PNG, JPEG, ZIP, texte, ` +
      'Markdown, ODT, ODS, DOCX, XLSX (sinon 400 VALIDATION_FAILED sur file). Le SHA-256 est conservé.',
  })
  @ApiCreatedResponse({ type: ProposalAttachmentView })
  addAttachment(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @UploadedFile() file: UploadedFileInput | undefined,
  ): Promise<ProposalAttachmentView> {
    return this.attachments.add(ctx, actor, id, file);
  }

  @Delete('proposals/:id/attachments/:attachmentId')
  @HttpCode(204)
  @RequirePermission('proposals:write')
  @ApiOperation({
    summary: 'Retirer un fichier joint',
    description: `${OPEN} Le fichier est marqué retiré (conservé).`,
  })
  @ApiNoContentResponse()
  removeAttachment(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('attachmentId', ParseIdPipe) attachmentId: string,
  ): Promise<void> {
    return this.attachments.remove(ctx, actor, id, attachmentId);
  }
}
