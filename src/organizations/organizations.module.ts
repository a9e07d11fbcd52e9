import { Module } from '@nestjs/common';
import { IneligibleEnterprisesController } from './ineligible-enterprises.controller';
import { IneligibleRegisterService } from './ineligible-register.service';
import { PublicBodiesController } from './public-bodies.controller';
import { PublicBodiesService } from './public-bodies.service';
import { VendorMembersService } from './vendor-members.service';
import { VendorInvitationsController } from './vendor-members-invitations.controller';
import { VendorsController } from './vendors.controller';
import { VendorsService } from './vendors.service';

/** Public bodies, vendor organizations and their members, the ineligible register. */
@Module({
  controllers: [
    PublicBodiesController,
    VendorsController,
    VendorInvitationsController,
    IneligibleEnterprisesController,
  ],
  providers: [PublicBodiesService, VendorsService, VendorMembersService, IneligibleRegisterService],
  exports: [IneligibleRegisterService],
})
export class OrganizationsModule {}
