import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { EvaluatorPage, EvaluatorQuery, UserPage, UsersQuery, VerifiedView } from './dto/directory.dto';
import { AccountDto, AccountStatusView, CreateUserDto, MeDto } from './dto/users.dto';
import { UserDirectoryService } from './user-directory.service';
import { UsersService } from './users.service';

@ApiTags('Comptes')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly directory: UserDirectoryService,
  ) {}

  @Get('me')
  @RequirePermission('session:use')
  @ApiOperation({
    summary: 'Mon compte',
    description: 'Compte connecté, organisme public et organisations fournisseurs.',
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.users.me(actor);
  }

  @Post('users')
  @RequirePermission('users:create')
  @ApiOperation({
    summary: 'Créer un compte (administrateurs)',
    description:
      'Crée un compte acheteur, vérificateur, administrateur ou évaluateur externe. Un acheteur est rattaché à un organisme public.',
  })
  @ApiCreatedResponse({ type: AccountDto })
  create(@Ctx() ctx: CommandContext, @Body() dto: CreateUserDto): Promise<AccountDto> {
    return this.users.createAccount(ctx, { ...dto, publicBodyId: dto.publicBodyId ?? null });
  }

  @Get('users')
  @RequirePermission('users:read')
  @ApiOperation({
    summary: 'Comptes (administrateurs, vérificateurs)',
    description:
      'Liste et recherche des comptes par rôle, organisme public et partie de l’adresse courriel, triés par adresse. / ' +
      'Accounts by role, public body and part of the e-mail address, sorted by address.',
  })
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: UsersQuery): Promise<UserPage> {
    return this.directory.list(query);
  }

  @Post('users/:id/deactivate')
  @RequirePermission('users:manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Désactiver un compte (administrateurs)',
    description:
      'Le compte ne peut plus se connecter ; toutes ses sessions prennent fin aussitôt, jetons d’accès déjà émis compris. ' +
      'Son propre compte : 409 CANNOT_DEACTIVATE_SELF. / The account can no longer sign in; every session ends at once.',
  })
  @ApiOkResponse({ type: AccountStatusView })
  deactivate(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<AccountStatusView> {
    return this.users.setActive(ctx, actor, id, false);
  }

  @Post('users/:id/reactivate')
  @RequirePermission('users:manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Réactiver un compte (administrateurs)',
    description: 'Le compte peut de nouveau se connecter. / The account may sign in again.',
  })
  @ApiOkResponse({ type: AccountStatusView })
  reactivate(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<AccountStatusView> {
    return this.users.setActive(ctx, actor, id, true);
  }

  @Post('users/:id/verify-email')
  @RequirePermission('users:manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirmer l’adresse d’un compte (administrateurs)',
    description:
      'Pour un fournisseur qui ne reçoit pas le lien : l’administrateur confirme l’adresse après l’avoir vérifiée avec son titulaire. / ' +
      'An admin confirms the address of an account, after checking it with its holder.',
  })
  @ApiOkResponse({ type: VerifiedView })
  confirmEmail(@Ctx() ctx: CommandContext, @Param('id', ParseIdPipe) id: string): Promise<VerifiedView> {
    return this.users.confirmEmail(ctx, id);
  }

  @Get('evaluators')
  @RequirePermission('committee:manage')
  @ApiOperation({
    summary: 'Personnes à nommer à un comité (acheteurs)',
    description:
      'Acheteurs actifs (de tout organisme public) et évaluateurs externes, par nom ou sigle d’organisme : nom, organisme, rôle ; rien d’autre. / ' +
      'Active buyers and external evaluators a committee may seat: name, body, role; nothing more.',
  })
  @ApiOkResponse({ type: EvaluatorPage })
  evaluators(@Query() query: EvaluatorQuery): Promise<EvaluatorPage> {
    return this.directory.evaluators(query);
  }
}
