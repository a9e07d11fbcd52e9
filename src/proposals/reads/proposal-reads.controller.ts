import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, Public, RequirePermission } from '../../common/auth/decorators';
import { ParseIdPipe } from '../../common/http/id-param.pipe';
import { Page, PageQuery } from '../../common/util/pagination';
import { ProposalReadsService } from './proposal-reads.service';
import { ProposalPage, ProposalView } from './proposal.view';

const SEALED =
  'Soumissions scellées (domaine §5.1) : avant la date limite, seule l’organisation du fournisseur lit sa soumission ; ' +
  'pour toute autre personne, la réponse est celle d’une soumission inexistante (404).';

/**
 * Reads of sealed proposals. The routes are public at route level because "the public" is a
 * row of the sealed-bid table: the access service decides, per proposal, and answers 404.
 */
@ApiTags('Soumissions')
@ApiBearerAuth()
@Controller()
export class ProposalReadsController {
  constructor(private readonly reads: ProposalReadsService) {}

  @Get('proposals/:id')
  @Public()
  @ApiOperation({
    summary: 'Consulter une soumission',
    description: `${SEALED} Le prix n’apparaît que pour qui peut ouvrir l’enveloppe de prix.`,
  })
  @ApiOkResponse({ type: ProposalView })
  get(@CurrentActor() actor: Actor | undefined, @Param('id', ParseIdPipe) id: string): Promise<ProposalView> {
    return this.reads.get(actor, id);
  }

  @Get('proposals/:id/attachments/:attachmentId')
  @Public()
  @ApiOperation({
    summary: 'Télécharger une pièce jointe',
    description: `${SEALED} En-têtes Content-Type et X-Content-SHA256 (empreinte hexadécimale).`,
  })
  @ApiProduces('application/octet-stream')
  async attachment(
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Param('attachmentId', ParseIdPipe) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.reads.attachment(actor, id, attachmentId);
    res.setHeader('X-Content-SHA256', file.sha256);
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Get('opportunities/:id/proposals')
  @Public()
  @ApiOperation({
    summary: 'Soumissions d’une opportunité',
    description:
      `${SEALED} La liste et son total ne comptent que les soumissions lisibles par l’appelant ; un fournisseur n’y voit que celles de son organisation. ` +
      'Un acheteur de l’organisme public qui n’est pas au comité reçoit une liste vide jusqu’à l’adjudication (par conception, §5.1 : ' +
      'il connaît seulement le nombre, `proposalCount` de l’opportunité, après la date limite), puis toutes les soumissions. ' +
      'A buyer of the public body who is not on the committee gets an empty list until the award (by design, §5.1: only the ' +
      'number, the opportunity’s `proposalCount`, after the deadline), then every proposal.',
  })
  @ApiOkResponse({ type: ProposalPage })
  listForOpportunity(
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<ProposalView>> {
    return this.reads.listForOpportunity(actor, id, query);
  }

  @Get('vendors/:vendorId/proposals')
  @RequirePermission('proposals:read')
  @ApiOperation({
    summary: 'Soumissions d’une organisation',
    description: 'Toutes les soumissions de l’organisation, pour ses membres seulement (404 pour les autres).',
  })
  @ApiOkResponse({ type: ProposalPage })
  listForVendor(
    @CurrentActor() actor: Actor,
    @Param('vendorId', ParseIdPipe) vendorId: string,
    @Query() query: PageQuery,
  ): Promise<Page<ProposalView>> {
    return this.reads.listForVendor(actor, vendorId, query);
  }
}
