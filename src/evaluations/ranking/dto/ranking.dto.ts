import { ApiProperty } from '@nestjs/swagger';

/** What the lock, the ranking and the draw answer (api.md, "Evaluation and award"). */
export class RankingItemView {
  @ApiProperty() proposalId: string;
  @ApiProperty() vendorId: string;
  @ApiProperty() vendorName: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Q ; null pour les lecteurs qui ne voient pas encore les notes (§5.1)',
  })
  qualityScore: string | null;
  @ApiProperty() acceptable: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Prix ; null avant l’adjudication pour les acheteurs hors comité et les administrateurs (§5.1)',
  })
  priceCents: number | null;
  @ApiProperty({ nullable: true, type: Number }) adjustedPriceCents: number | null;
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
}

export class DrawView {
  @ApiProperty() seed: string;
  @ApiProperty() algorithm: string;
  @ApiProperty({ type: [String] }) candidates: string[];
  @ApiProperty() winnerProposalId: string;
}

export class RankingDrawView extends DrawView {
  @ApiProperty() drawnAt: string;
}

export class RankingView {
  @ApiProperty() method: string;
  @ApiProperty({ nullable: true, type: String }) kPercent: string | null;
  @ApiProperty({ description: 'Égalité au premier rang non encore tranchée par un tirage' }) tie: boolean;
  @ApiProperty({ type: [RankingItemView] }) items: RankingItemView[];
  @ApiProperty({ type: RankingDrawView, nullable: true }) draw: RankingDrawView | null;
}
