import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../common/auth/decorators';
import { AccountDto, CreateUserDto, MeDto } from './dto/users.dto';
import { UsersService } from './users.service';

@ApiTags('Comptes')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
}
