import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, Public } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { ContractCommandsService } from './contract-commands.service';
import { ContractsService } from './contracts.service';
import { DeliverableIntakeService } from './deliverables/deliverable-intake.service';
import {
  AcceptDto,
  AmendmentDto,
  ContractsQuery,
  DeliverableUploadDto,
  PaymentDto,
  TerminateDto,
} from './dto/contract-input.dto';
import {
  AmendmentView,
  ContractStatusView,
  ContractSummaryPage,
  ContractView,
  DeliverableReceiptView,
  PaymentView,
  PublicationRetryView,
  PublicationView,
} from './dto/contract.view';

const READERS =
  'Acheteurs de l’organisme public responsable, membres du fournisseur, vérificateurs et administrateurs ; 404 pour tout autre appelant, anonyme compris.';
const BUYER =
  'Acheteur de l’organisme public responsable (403 pour les autres lecteurs du contrat, 404 pour les autres).';

/**
 * Contracts, delivery and payment (domain.md §7, api.md "Contracts, delivery, forge"). Every
 * route is declared public so that the resource check answers first: a caller who may not
 * read the contract — anonymous included — gets 404 on every route, reads and writes alike.
 */
@ApiTags('Contrats')
@ApiBearerAuth()
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly commands: ContractCommandsService,
    private readonly intake: DeliverableIntakeService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Lister les contrats lisibles', description: READERS })
  @ApiOkResponse({ type: ContractSummaryPage })
  list(@CurrentActor() actor: Actor | undefined, @Query() query: ContractsQuery) {
    return this.contracts.list(actor, query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'Consulter un contrat', description: READERS })
  @ApiOkResponse({ type: ContractView })
  get(@CurrentActor() actor: Actor | undefined, @Param('id', ParseIdPipe) id: string): Promise<ContractView> {
    return this.contracts.get(actor, id);
  }

  @Get(':id/publication')
  @Public()
  @ApiOperation({ summary: 'État de la publication sur la forge', description: READERS })
  @ApiOkResponse({ type: PublicationView })
  publication(@CurrentActor() actor: Actor | undefined, @Param('id', ParseIdPipe) id: string) {
    return this.contracts.publication(actor, id);
  }

  @Post(':id/publication/retry')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Relancer la publication sur la forge',
    description:
      'Administrateurs (403 pour les autres lecteurs du contrat, 404 pour les autres). Contrat ACCEPTED, publication non terminée et aucune exécution en cours (sinon 409 INVALID_TRANSITION) ; la publication reprend à la dernière étape réussie. / Admins: resumes the publication at the last completed step.',
  })
  @ApiAcceptedResponse({ type: PublicationRetryView })
  retryPublication(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
  ) {
    return this.commands.retryPublication(ctx, actor, id);
  }

  @Post(':id/amendments')
  @Public()
  @ApiOperation({
    summary: 'Modifier le montant du contrat',
    description: `${BUYER} Cumul ≤ AMENDMENT_MAX_PERCENT % du montant initial, total sous le plafond du programme (sinon 422 AMENDMENT_LIMIT_EXCEEDED).`,
  })
  @ApiCreatedResponse({ type: AmendmentView })
  amend(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AmendmentDto,
  ) {
    return this.commands.amend(ctx, actor, id, dto);
  }

  @Post(':id/deliverables')
  @Public()
  @ApiOperation({
    summary: 'Déposer le livrable (archive des sources)',
    description:
      'Membre du fournisseur. Champ multipart « archive » : .tar.gz ou .zip, 100 Mo au plus. Refus : 422 ARCHIVE_REJECTED avec le motif et l’entrée. Les vérifications tournent ensuite en tâche de fond (checkStatus PENDING).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DeliverableUploadDto })
  @ApiCreatedResponse({ type: DeliverableReceiptView })
  deliver(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Req() req: Request,
  ) {
    return this.intake.upload(ctx, actor, id, req);
  }

  @Post(':id/accept')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accepter le livrable',
    description: `${BUYER} Chaque critère d’acceptation satisfait et chaque vérification réussie, sinon 422 DELIVERABLE_NOT_ACCEPTABLE.`,
  })
  @ApiOkResponse({ type: ContractStatusView })
  accept(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AcceptDto,
  ) {
    return this.commands.accept(ctx, actor, id, dto);
  }

  @Post(':id/payments')
  @Public()
  @ApiOperation({
    summary: 'Enregistrer un paiement',
    description: `${BUYER} Après la publication ; numéro de facture unique, somme des paiements ≤ montant total ; PAID une fois tout payé.`,
  })
  @ApiCreatedResponse({ type: PaymentView })
  pay(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: PaymentDto,
  ) {
    return this.commands.pay(ctx, actor, id, dto);
  }

  @Post(':id/terminate')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Résilier le contrat', description: `${BUYER} Avec un motif, avant le paiement complet.` })
  @ApiOkResponse({ type: ContractStatusView })
  terminate(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: TerminateDto,
  ) {
    return this.commands.terminate(ctx, actor, id, dto.reason);
  }
}
