import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AccessModule } from './common/access/access.module';
import { CommandModule } from './common/command/command.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { CommitteeModule } from './evaluations/committee/committee.module';
import { ScoringModule } from './evaluations/scoring/scoring.module';
import { RankingModule } from './evaluations/ranking/ranking.module';
import { AwardModule } from './evaluations/award/award.module';
import { ContractsModule } from './contracts/contracts.module';
import { ExportsModule } from './exports/exports.module';
import { ForgeModule } from './forge/forge.module';
import { HealthModule } from './health/health.module';
import { OcdsModule } from './ocds/ocds.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpportunitiesModule } from './opportunities/opportunities.module';
import { OpportunityClosingModule } from './opportunities/closing/opportunity-closing.module';
import { OpportunitySearchModule } from './opportunities/search/opportunity-search.module';
import { WorklistsModule } from './opportunities/worklists/worklists.module';
import { ProposalReadsModule } from './proposals/reads/proposal-reads.module';
import { ProposalsModule } from './proposals/proposals.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { UsersModule } from './users/users.module';
import { WebAppModule } from './web/web-app.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    JobsModule,
    CommandModule,
    AccessModule,
    NotificationsModule,
    AuthModule,
    UsersModule,
    OrganizationsModule,
    OpportunitiesModule,
    AuditModule,
    OpportunitySearchModule,
    WorklistsModule,
    OpportunityClosingModule,
    ProposalsModule,
    ProposalReadsModule,
    CommitteeModule,
    ScoringModule,
    RankingModule,
    AwardModule,
    ContractsModule,
    ForgeModule,
    OcdsModule,
    ExportsModule,
    HealthModule,
    WebAppModule,
  ],
})
/** Wires the modules; HTTP concerns are set in configureHttp, start-up in main.ts. */
export class AppModule {}
