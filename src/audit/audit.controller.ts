import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, In } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, RequirePermission } from '../common/auth/decorators';
import { withholdSealedHashes } from '../common/access/sealed-records';
import { Page, pageOf, pageOffset } from '../common/util/pagination';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventsQuery, AuditVerificationDto } from './dto/audit.dto';
import { AuditEvent, SealedAuditEvent } from './entities/audit-event.entity';

@ApiTags('Journal d’audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  @Get('events')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'Événements du journal',
    description:
      'Événements paginés, filtrables par entité et période. Les événements d’une soumission restent cachés jusqu’à la date limite de son opportunité ; ' +
      'les valeurs scellées (notes, Q, rangs, nombre de courriels qui compterait les soumissionnaires) sont retirées des données tant que le tableau des ' +
      'soumissions scellées ne les donne pas au lecteur (leurs clés sont nommées dans data.sealed), et l’auteur d’un brouillon jamais déposé n’est pas nommé.',
  })
  async events(@CurrentActor() actor: Actor, @Query() query: AuditEventsQuery): Promise<Page<AuditEventDto>> {
    // Every event committed before this request is in the chain when it is read.
    await this.audit.seal();
    // Sealed bids (domain.md §5.1): proposal events stay hidden before their opportunity's deadline.
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq IS NOT NULL')
      .andWhere(this.access.unsealedEntitySql('e'));
    if (query.entityId) qb.andWhere('e.entityId = :entityId', { entityId: query.entityId });
    if (query.from) qb.andWhere('e.occurredAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.occurredAt < :to', { to: new Date(query.to) });
    const [rows, total] = await qb
      .orderBy('e.seq', 'ASC')
      .offset(pageOffset(query))
      .limit(query.pageSize)
      .getManyAndCount();
    const readable = await this.readable(actor, rows as SealedAuditEvent[]);
    return pageOf(
      readable.map(({ entryId: _entryId, sealedAt: _sealedAt, ...e }) => ({
        ...e,
        seq: Number(e.seq),
        occurredAt: e.occurredAt.toISOString(),
      })),
      query,
      total,
    );
  }

  /**
   * The page as the actor reads it: sealed keys removed (AccessService) and the hashes of the
   * redacted or hidden events withheld, here and in the next event's `prevHash`.
   */
  private async readable(actor: Actor, rows: SealedAuditEvent[]): Promise<SealedAuditEvent[]> {
    const em = this.dataSource.manager;
    const readable = await this.access.readableAuditEvents(em, actor, rows);
    const whole = new Set(rows.filter((r, i) => readable[i] === r).map((r) => r.seq));
    const seqs = new Set(rows.map((r) => r.seq));
    const before = [...new Set(rows.map((r) => String(BigInt(r.seq) - 1n)))].filter((s) => s !== '0' && !seqs.has(s));
    if (before.length > 0) {
      const previous = (await em
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where({ seq: In(before) })
        .andWhere(this.access.unsealedEntitySql('e'))
        .getMany()) as SealedAuditEvent[];
      const previousReadable = await this.access.readableAuditEvents(em, actor, previous);
      previous.forEach((r, i) => previousReadable[i] === r && whole.add(r.seq));
    }
    return withholdSealedHashes(readable, (seq) => whole.has(seq));
  }

  @Get('verify')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'Vérifier la chaîne',
    description: 'Recalcule la chaîne de hachage et nomme le premier événement rompu.',
  })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
