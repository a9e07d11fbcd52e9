import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { Page, pageOf, pageOffset, PageQuery } from '../common/util/pagination';
import { isUniqueViolation } from '../common/util/pg-errors';
import { CreatePublicBodyDto, PublicBodyView, toPublicBodyView } from './dto/public-body.dto';
import { PublicBody } from './entities/public-body.entity';

@Injectable()
export class PublicBodiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
  ) {}

  /** Creates a public body; its acronym is unique whatever its case. */
  async create(ctx: CommandContext, dto: CreatePublicBodyDto): Promise<PublicBodyView> {
    try {
      return await this.commands.run(ctx, async (scope) => {
        // The unique index compares exact text; a transaction-scoped advisory lock on the
        // lower-cased acronym makes the case-insensitive check below race-free as well.
        await scope.em.query(`SELECT pg_advisory_xact_lock(hashtext('public_body.acronym:' || lower($1)))`, [
          dto.acronym,
        ]);
        const taken = await scope.em
          .getRepository(PublicBody)
          .createQueryBuilder('b')
          .where('lower(b.acronym) = lower(:acronym)', { acronym: dto.acronym })
          .getExists();
        if (taken) throw new DomainError('DUPLICATE_ACRONYM', undefined, { acronym: dto.acronym });
        const repo = scope.em.getRepository(PublicBody);
        const body = await repo.save(
          repo.create({
            nameFr: dto.name.fr,
            nameEn: dto.name.en ?? null,
            acronym: dto.acronym,
            forgeGroupPath: dto.forgeGroupPath,
          }),
        );
        const view = toPublicBodyView(body);
        scope.audit({
          action: 'public-bodies.create',
          entityType: 'public_body',
          entityId: body.id,
          data: { name: view.name, acronym: view.acronym, forgeGroupPath: view.forgeGroupPath },
        });
        return view;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_public_body_acronym'))
        throw new DomainError('DUPLICATE_ACRONYM', undefined, { acronym: dto.acronym });
      throw e;
    }
  }

  async list(query: PageQuery): Promise<Page<PublicBodyView>> {
    // Case-insensitive order, independent of the database's collation.
    const [rows, total] = await this.dataSource
      .getRepository(PublicBody)
      .createQueryBuilder('b')
      .orderBy('lower(b.acronym)', 'ASC')
      .addOrderBy('b.acronym', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .offset(pageOffset(query))
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(rows.map(toPublicBodyView), query, total);
  }
}
