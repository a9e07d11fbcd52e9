import { Body, Controller, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { CommandContext } from '../common/auth/actor';
import { Ctx, Public, RequirePermission } from '../common/auth/decorators';
import { AccountDto } from '../users/dto/users.dto';
import { AuthService } from './auth.service';
import { LoginDto, RefreshDto, RegisterDto, TokenPairDto } from './dto/auth.dto';

@ApiTags('Authentification')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Inscription d’un fournisseur',
    description:
      'Crée un compte de rôle « vendor » et envoie un lien de confirmation de l’adresse (48 h) ; un fournisseur dont l’adresse ' +
      'n’est pas confirmée ne peut pas déposer de proposition (403 EMAIL_NOT_VERIFIED). La réponse est la même que l’adresse ' +
      'soit déjà prise ou non : rien n’est alors créé et le titulaire de l’adresse reçoit un courriel le prévenant de la tentative. ' +
      'Limité en fréquence. / Same answer whether the address is taken or not; a taken address creates nothing and its holder is told.',
  })
  @ApiCreatedResponse({ type: AccountDto })
  register(@Ctx() ctx: CommandContext, @Body() dto: RegisterDto): Promise<AccountDto> {
    return this.auth.register(ctx, dto);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Connexion',
    description:
      'Retourne un jeton d’accès (15 min) et un jeton de rafraîchissement. Après quelques échecs pour un même compte, ' +
      'chaque tentative doit attendre (1 s, 2 s, 4 s…), puis le compte est bloqué un temps (429 RATE_LIMITED, Retry-After) ; ' +
      'une adresse IP qui échoue trop souvent attend aussi. Les connexions réussies ne sont jamais limitées.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Ctx() ctx: CommandContext, @Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.login(ctx, dto, ip);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Rafraîchissement des jetons',
    description:
      'Échange un jeton de rafraîchissement contre une nouvelle paire ; l’ancien cesse de fonctionner. Réutiliser un ancien jeton révoque la session.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Ctx() ctx: CommandContext, @Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(ctx, dto.refreshToken);
  }

  @Post('logout')
  @RequirePermission('session:use')
  @HttpCode(204)
  @ApiOperation({ summary: 'Déconnexion', description: 'Révoque la session du jeton de rafraîchissement donné.' })
  @ApiNoContentResponse()
  async logout(@Ctx() ctx: CommandContext, @Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(ctx, dto.refreshToken);
  }
}
