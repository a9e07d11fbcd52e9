import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Page, pageOf } from '../../common/util/pagination';
import { OpportunitySearchQuery, OpportunitySummaryView, toOpportunitySummaryView } from './dto/opportunity-search.dto';
import { buildOpportunitySearch, runOpportunitySearch } from './opportunity-search.sql';

/**
 * The public list and search of opportunities. Filtering, visibility (O13, P7), effective
 * status, sorting and pagination all happen in SQL (see opportunity-search.sql.ts).
 */
export type OpportunitySearchResultPage = Page<OpportunitySummaryView> & { totalIsEstimate: boolean };

@Injectable()
export class OpportunitySearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(actor: Actor | null | undefined, query: OpportunitySearchQuery): Promise<OpportunitySearchResultPage> {
    const statements = buildOpportunitySearch(query, actor);
    const { rows, total, totalIsEstimate } = await runOpportunitySearch(
      (sql, params) => this.dataSource.query(sql, params),
      statements,
    );
    return { ...pageOf(rows.map(toOpportunitySummaryView), query, total), totalIsEstimate };
  }
}
