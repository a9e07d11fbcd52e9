import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { Page, PageQuery } from '../../common/util/pagination';
import { OwnOpportunitiesQuery, WorkItemPage, WorkItemView } from './worklists.dto';
import { WorklistsService } from './worklists.service';

@ApiTags('Opportunités')
@ApiBearerAuth()
@Controller()
export class WorklistsController {
  constructor(private readonly worklists: WorklistsService) {}

  @Get('me/opportunities')
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Les opportunités de mon organisme',
    description:
      'Acheteurs : toutes les opportunités de leur organisme public, brouillons compris, la plus récemment modifiée d’abord ; filtre status (statut effectif). / Buyers: every opportunity of their public body, drafts included.',
  })
  @ApiOkResponse({ type: WorkItemPage })
  own(@CurrentActor() actor: Actor, @Query() query: OwnOpportunitiesQuery): Promise<Page<WorkItemView>> {
    return this.worklists.ownOpportunities(actor, query);
  }

  @Get('review-queue')
  @RequirePermission('opportunities:review')
  @ApiOperation({
    summary: 'Opportunités à examiner',
    description:
      'Administrateurs : les opportunités soumises pour examen (UNDER_REVIEW), la plus ancienne d’abord. / Admins: opportunities awaiting review, oldest first.',
  })
  @ApiOkResponse({ type: WorkItemPage })
  reviewQueue(@Query() query: PageQuery): Promise<Page<WorkItemView>> {
    return this.worklists.reviewQueue(query);
  }
}
