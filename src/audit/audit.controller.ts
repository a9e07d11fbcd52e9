import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, RequirePermission } from '../common/auth/decorators';
import { Page, pageOf, pageOffset } from '../common/util/pagination';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventPage, AuditEventsQuery, AuditVerificationDto } from './dto/audit.dto';
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
  @ApiOkResponse({ type: AuditEventPage })
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'Événements du journal',
    description:
      'Événements paginés, filtrables par entité et période. Les événements d’une soumission restent cachés jusqu’à la date limite de son opportunité ; ' +
      'les valeurs scellées (notes, Q, rangs, nombre de courriels qui compterait les soumissionnaires) sont retirées des données tant que le tableau des ' +
      'soumissions scellées ne les donne pas au lecteur (leurs clés sont nommées dans data.sealed), et l’auteur d’un brouillon jamais déposé n’est pas nommé. ' +
      'La lecture scelle d’abord dans la chaîne tout événement déjà validé : la page montre tout ce qui précède la requête. / ' +
      'Reading first seals every committed event into the chain: the page shows everything before the request.',
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
    // Sealed keys removed, and the hashes of redacted or hidden events withheld (record-access.ts).
    const readable = await this.access.readableAuditPage(this.dataSource.manager, actor, rows as SealedAuditEvent[]);
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

  @Get('verify')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'Vérifier la chaîne',
    description:
      'Scelle les événements validés, puis recalcule la chaîne de hachage et nomme le premier événement rompu. / ' +
      'Seals the committed events, then recomputes the hash chain and names the first broken event.',
  })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
