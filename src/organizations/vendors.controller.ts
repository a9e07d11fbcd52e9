import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { AddMemberDto, ChangeMemberRoleDto, InvitationView, MemberView } from './dto/vendor-member.dto';
import { CreateVendorDto, VendorView } from './dto/vendor.dto';
import { VendorMembersService } from './vendor-members.service';
import { VendorsService } from './vendors.service';

@ApiTags('Organisations fournisseurs')
@ApiBearerAuth()
@Controller('vendors')
export class VendorsController {
  constructor(
    private readonly vendors: VendorsService,
    private readonly members: VendorMembersService,
  ) {}

  @Post()
  @RequirePermission('vendors:create')
  @ApiOperation({
    summary: 'Inscrire une organisation fournisseur',
    description:
      'La personne qui inscrit l’organisation en devient propriétaire. NEQ de 10 chiffres, unique (409 DUPLICATE_NEQ).',
  })
  @ApiCreatedResponse({ type: VendorView })
  create(@Ctx() ctx: CommandContext, @CurrentActor() actor: Actor, @Body() dto: CreateVendorDto): Promise<VendorView> {
    return this.vendors.create(ctx, actor, dto);
  }

  @Get(':id')
  @RequirePermission('vendors:read')
  @ApiOperation({
    summary: 'Consulter une organisation fournisseur',
    description:
      'Réservé à ses membres, aux administrateurs et aux vérificateurs ; pour toute autre personne, l’organisation est introuvable (404).',
  })
  @ApiOkResponse({ type: VendorView })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<VendorView> {
    return this.vendors.get(actor, id);
  }

  @Post(':id/members')
  @RequirePermission('vendors:manage-members')
  @ApiOperation({
    summary: 'Inviter un membre (propriétaires)',
    description:
      'Envoie une invitation à l’adresse courriel donnée ; le compte fournisseur qui a cette adresse l’accepte ' +
      '(POST /vendor-invitations/:id/accept) dans les 14 jours. La réponse est la même que l’adresse ait un compte ou non. ' +
      'Déjà membre : 409 ALREADY_MEMBER ; membre non propriétaire : 403 ; autre personne : 404.',
  })
  @ApiCreatedResponse({ type: InvitationView })
  addMember(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AddMemberDto,
  ): Promise<InvitationView> {
    return this.members.invite(ctx, actor, id, dto);
  }

  @Patch(':id/members/:userId')
  @RequirePermission('vendors:manage-members')
  @ApiOperation({
    summary: 'Changer le rôle d’un membre (propriétaires)',
    description: 'L’organisation garde toujours au moins un propriétaire (409 LAST_OWNER).',
  })
  @ApiOkResponse({ type: MemberView })
  changeRole(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('userId', ParseIdPipe) userId: string,
    @Body() dto: ChangeMemberRoleDto,
  ): Promise<MemberView> {
    return this.members.changeRole(ctx, actor, id, userId, dto.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @RequirePermission('vendors:manage-members')
  @ApiOperation({
    summary: 'Retirer un membre (propriétaires)',
    description:
      'Un propriétaire peut se retirer lui-même s’il en reste un autre ; le dernier propriétaire ne peut pas être retiré (409 LAST_OWNER).',
  })
  @ApiNoContentResponse()
  removeMember(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('userId', ParseIdPipe) userId: string,
  ): Promise<void> {
    return this.members.remove(ctx, actor, id, userId);
  }
}
