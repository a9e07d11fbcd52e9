import { Body, Controller, HttpCode, Ip, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, Public, RequirePermission } from '../common/auth/decorators';
import { SentView, VerifiedView, VerifyEmailDto } from '../users/dto/directory.dto';
import { RegistrationService } from '../users/registration.service';
import { AcceptedView, ChangePasswordDto, PasswordResetDto, PasswordResetRequestDto } from './dto/auth.dto';
import { PasswordsService } from './passwords.service';

/** E-mail verification and passwords (docs/accounts.md). */
@ApiTags('Authentification')
@Controller()
export class AccountController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly passwords: PasswordsService,
  ) {}

  @Post('auth/verify-email')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Confirmer son adresse courriel',
    description:
      'Avec le jeton du lien reçu à l’inscription (usage unique, 48 h). Jeton inconnu, expiré ou déjà utilisé : 422 INVALID_TOKEN. / ' +
      'With the token of the e-mailed link (single use, 48 h).',
  })
  @ApiOkResponse({ type: VerifiedView })
  verifyEmail(@Ctx() ctx: CommandContext, @Body() dto: VerifyEmailDto): Promise<VerifiedView> {
    return this.registration.verifyEmail(ctx, dto.token);
  }

  @Post('me/email-verification')
  @RequirePermission('session:use')
  @ApiBearerAuth()
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Renvoyer le lien de confirmation',
    description:
      'Un nouveau lien de confirmation à l’adresse du compte connecté ; les précédents cessent de fonctionner. Déjà confirmée : ' +
      '409 ALREADY_VERIFIED. / A new verification link; earlier ones stop working.',
  })
  @ApiAcceptedResponse({ type: SentView })
  resendVerification(@Ctx() ctx: CommandContext, @CurrentActor() actor: Actor): Promise<SentView> {
    return this.registration.resendVerification(ctx, actor);
  }

  @Put('me/password')
  @RequirePermission('session:use')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Changer son mot de passe',
    description:
      'Vérifie le mot de passe actuel (limité comme une connexion) ; toutes les autres sessions prennent fin, celle-ci continue. ' +
      'Mot de passe actuel incorrect : 400 sur `currentPassword`. / Every other session ends; this one goes on.',
  })
  @ApiNoContentResponse()
  async changePassword(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Ip() ip: string,
  ): Promise<void> {
    await this.passwords.change(ctx, actor, actor.sessionId, dto.currentPassword, dto.newPassword, ip);
  }

  @Post('auth/password-reset')
  @Public()
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Mot de passe oublié',
    description:
      'Envoie un lien de réinitialisation (usage unique, 30 min) si un compte actif a cette adresse ; la réponse est la même ' +
      'dans tous les cas. / Same answer whether or not the address has an account.',
  })
  @ApiAcceptedResponse({ type: AcceptedView })
  requestReset(@Ctx() ctx: CommandContext, @Body() dto: PasswordResetRequestDto): Promise<AcceptedView> {
    return this.passwords.requestReset(ctx, dto.email);
  }

  @Post('auth/password-reset/confirm')
  @Public()
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Choisir un nouveau mot de passe',
    description:
      'Avec le jeton du lien reçu : le mot de passe change, toutes les sessions du compte prennent fin, l’adresse est confirmée. ' +
      'Jeton inconnu, expiré ou déjà utilisé : 422 INVALID_TOKEN. / Every session of the account ends; the link works once.',
  })
  @ApiNoContentResponse()
  async reset(@Ctx() ctx: CommandContext, @Body() dto: PasswordResetDto): Promise<void> {
    await this.passwords.reset(ctx, dto.token, dto.password);
  }
}
