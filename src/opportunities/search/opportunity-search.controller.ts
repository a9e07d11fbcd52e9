import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/decorators';
import { OpportunitySearchPage, OpportunitySearchQuery } from './dto/opportunity-search.dto';
import { OpportunitySearchResultPage, OpportunitySearchService } from './opportunity-search.service';

@ApiTags('Opportunités')
@Controller('opportunities')
export class OpportunitySearchController {
  constructor(private readonly search: OpportunitySearchService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Rechercher les opportunités',
    description:
      'Liste publique et paginée. Les brouillons et les opportunités en révision n’y figurent jamais ; les opportunités sur invitation ' +
      'ne sont visibles que des fournisseurs invités (et du personnel). Recherche plein texte en français, insensible aux accents. ' +
      'Un jeton valide, s’il est fourni, identifie l’appelant.',
  })
  @ApiOkResponse({ type: OpportunitySearchPage })
  list(
    @CurrentActor() actor: Actor | undefined,
    @Query() query: OpportunitySearchQuery,
  ): Promise<OpportunitySearchResultPage> {
    return this.search.search(actor, query);
  }
}
