import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { MemberView, MyInvitationView } from './dto/vendor-member.dto';
import { VendorMembersService } from './vendor-members.service';

/** The invitee's side of the invitations to vendor organizations (README “Vendor members”). */
@ApiTags('Organisations fournisseurs')
@ApiBearerAuth()
@Controller()
export class VendorInvitationsController {
  constructor(private readonly members: VendorMembersService) {}

  @Get('me/vendor-invitations')
  @RequirePermission('vendors:create')
  @ApiOperation({
    summary: 'Mes invitations',
    description: 'Les invitations en attente adressées au courriel du compte fournisseur connecté.',
  })
  @ApiOkResponse({ type: [MyInvitationView] })
  mine(@CurrentActor() actor: Actor): Promise<MyInvitationView[]> {
    return this.members.myInvitations(actor);
  }

  @Post('vendor-invitations/:id/accept')
  @HttpCode(200)
  @RequirePermission('vendors:create')
  @ApiOperation({
    summary: 'Accepter une invitation',
    description:
      'Le compte fournisseur dont le courriel est celui de l’invitation devient membre de l’organisation, avec le rôle prévu. ' +
      'Invitation inconnue, expirée, déjà acceptée ou adressée à quelqu’un d’autre : 404 ; déjà membre : 409 ALREADY_MEMBER.',
  })
  @ApiOkResponse({ type: MemberView })
  accept(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<MemberView> {
    return this.members.accept(ctx, actor, id);
  }
}
