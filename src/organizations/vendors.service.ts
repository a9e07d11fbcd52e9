import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, CommandContext } from '../common/auth/actor';
import { AccessService } from '../common/access/access.service';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/util/pg-errors';
import { CreateVendorDto, toVendorView, VendorView } from './dto/vendor.dto';
import { VendorMembership } from './entities/vendor-membership.entity';
import { VendorOrganization } from './entities/vendor-organization.entity';
import { VendorMembersService } from './vendor-members.service';

@Injectable()
export class VendorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly members: VendorMembersService,
  ) {}

  /** Registers a vendor organization; the caller becomes its first owner. */
  async create(ctx: CommandContext, actor: Actor, dto: CreateVendorDto): Promise<VendorView> {
    try {
      return await this.commands.run(ctx, async (scope) => {
        const repo = scope.em.getRepository(VendorOrganization);
        if (await repo.existsBy({ neq: dto.neq })) throw new DomainError('DUPLICATE_NEQ', undefined, { neq: dto.neq });
        const vendor = await repo.save(
          repo.create({
            legalName: dto.legalName,
            neq: dto.neq,
            size: dto.size,
            email: dto.email,
            city: dto.address.city,
            province: dto.address.province,
            postalCode: dto.address.postalCode,
          }),
        );
        await scope.em.getRepository(VendorMembership).insert({ vendorId: vendor.id, userId: actor.id, role: 'owner' });
        const view = toVendorView(vendor, await this.members.listMembers(scope.em, vendor.id));
        scope.audit({
          action: 'vendors.create',
          entityType: 'vendor_organization',
          entityId: vendor.id,
          data: {
            legalName: view.legalName,
            neq: view.neq,
            size: view.size,
            email: view.email,
            address: view.address,
            ownerId: actor.id,
          },
        });
        return view;
      });
    } catch (e) {
      // Two registrations of one NEQ racing: the unique index lets exactly one through.
      if (isUniqueViolation(e, 'uq_vendor_organization_neq'))
        throw new DomainError('DUPLICATE_NEQ', undefined, { neq: dto.neq });
      throw e;
    }
  }

  /** The organization and its members, for its members, admins and auditors; else 404. */
  async get(actor: Actor, vendorId: string): Promise<VendorView> {
    const em = this.dataSource.manager;
    if (!(await this.access.canReadVendor(em, actor, vendorId))) throw DomainError.notFound('vendor_organization');
    const vendor = await em.getRepository(VendorOrganization).findOneByOrFail({ id: vendorId });
    return toVendorView(vendor, await this.members.listMembers(em, vendorId));
  }
}
