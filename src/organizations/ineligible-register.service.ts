import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { validationFailed } from '../common/errors/domain-error';
import { Page, pageOf, pageOffset } from '../common/util/pagination';
import {
  CreateIneligibleEnterpriseDto,
  IneligibleEnterpriseQuery,
  IneligibleEnterpriseView,
  toIneligibleView,
} from './dto/ineligible-enterprise.dto';
import { IneligibleEnterprise } from './entities/ineligible-enterprise.entity';
import { isValidPeriod } from './organizations.rules';

/** Today in Québec, by the database clock (transaction time), never the Node clock. */
const MONTREAL_TODAY = `(now() AT TIME ZONE 'America/Montreal')::date`;
/** The register's rows in effect today (Québec), by the database clock; `alias` names the table. */
export const inEffect = (alias: string) =>
  `("${alias}"."effective_from" <= ${MONTREAL_TODAY} AND ("${alias}"."effective_to" IS NULL OR "${alias}"."effective_to" >= ${MONTREAL_TODAY}))`;

/**
 * The id of the register entry that makes the NEQ `neq` (an SQL expression) ineligible today,
 * or NULL: the latest in effect (then the smallest id). A scalar subquery, so that a read of
 * vendors (the award's re-check) takes it in the same statement.
 */
export const ineligibleEntryIdSql = (neq: string) =>
  `(SELECT i.id FROM ineligible_enterprise i WHERE i.neq = ${neq} AND ${inEffect('i')}
     ORDER BY i.effective_from DESC, i.id ASC LIMIT 1)`;

/** The register of enterprises ineligible for public contracts (RENA, domain.md §3). */
@Injectable()
export class IneligibleRegisterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
  ) {}

  /**
   * The register row that makes `neq` ineligible now, or null. "Now" is the database time
   * of the caller's transaction, as a calendar day in America/Montreal; both bounds are
   * inclusive and a null end is open-ended (domain.md P4). The award's re-check reads the same
   * `ineligibleEntryIdSql` in its own statement, and submission `inEffect`, inside their
   * writing transactions.
   */
  isIneligible(em: EntityManager, neq: string): Promise<IneligibleEnterprise | null> {
    return em
      .getRepository(IneligibleEnterprise)
      .createQueryBuilder('e')
      .where(`e.id = ${ineligibleEntryIdSql(':neq')}`, { neq })
      .getOne();
  }

  async create(ctx: CommandContext, dto: CreateIneligibleEnterpriseDto): Promise<IneligibleEnterpriseView> {
    if (!isValidPeriod(dto.effectiveFrom, dto.effectiveTo)) {
      throw validationFailed([
        { path: 'effectiveTo', message: 'la date de fin doit être égale ou postérieure à la date de début' },
      ]);
    }
    return this.commands.run(ctx, async (scope) => {
      const repo = scope.em.getRepository(IneligibleEnterprise);
      const { id } = await repo.save(
        repo.create({
          neq: dto.neq,
          name: dto.name,
          effectiveFrom: dto.effectiveFrom,
          effectiveTo: dto.effectiveTo ?? null,
          createdById: scope.context.actor?.id ?? null,
        }),
      );
      const [view] = await this.viewsOf(repo.createQueryBuilder('i').where('i.id = :id', { id }));
      scope.audit({
        action: 'ineligible.create',
        entityType: 'ineligible_enterprise',
        entityId: id,
        data: { neq: view.neq, name: view.name, effectiveFrom: view.effectiveFrom, effectiveTo: view.effectiveTo },
      });
      return view;
    });
  }

  /** Register rows, most recent period first, optionally for one NEQ. */
  async list(query: IneligibleEnterpriseQuery): Promise<Page<IneligibleEnterpriseView>> {
    const qb = this.dataSource.getRepository(IneligibleEnterprise).createQueryBuilder('i');
    if (query.neq) qb.where('i.neq = :neq', { neq: query.neq });
    const total = await qb.getCount();
    const items = await this.viewsOf(
      qb
        .orderBy('i.effectiveFrom', 'DESC')
        .addOrderBy('i.name', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .offset(pageOffset(query))
        .limit(query.pageSize),
    );
    return pageOf(items, query, total);
  }

  private async viewsOf(qb: SelectQueryBuilder<IneligibleEnterprise>): Promise<IneligibleEnterpriseView[]> {
    const { entities, raw } = await qb
      .addSelect(inEffect('i'), 'in_effect')
      .getRawAndEntities<{ in_effect: boolean }>();
    return entities.map((row, i) => toIneligibleView(row, raw[i].in_effect));
  }
}
