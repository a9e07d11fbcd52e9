import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageOf, PageQuery } from '../../common/util/pagination';
import { OPPORTUNITY_STATUSES, OpportunityStatus } from '../entities/opportunity.entity';
import { I18nTextView } from '../search/dto/opportunity-search.dto';

export class OwnOpportunitiesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: OPPORTUNITY_STATUSES,
    description:
      'Statut effectif (une opportunité publiée dont la date limite est passée est en évaluation). / Effective status.',
  })
  @IsOptional()
  @IsIn(OPPORTUNITY_STATUSES, { message: `statut inconnu (${OPPORTUNITY_STATUSES.join(', ')})` })
  status?: OpportunityStatus;
}

export class WorkItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty({ type: I18nTextView }) title: I18nTextView;
  @ApiProperty({ enum: OPPORTUNITY_STATUSES, description: 'Statut effectif / Effective status' })
  status: OpportunityStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Date limite des propositions (ISO 8601)' })
  proposalDeadline: string | null;
  @ApiProperty({ description: 'Dernière modification (ISO 8601) / Last change' }) updatedAt: string;
  @ApiProperty() publicBodyAcronym: string;
}

export class WorkItemPage extends PageOf(WorkItemView) {}
