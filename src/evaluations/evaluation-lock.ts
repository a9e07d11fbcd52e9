import { Injectable, Module } from '@nestjs/common';
import type { Actor } from '../common/auth/actor';
import type { CommandScope } from '../common/command/command-runner.service';
import { AppConfig } from '../config/app-config';
import { OpportunityClosingModule } from '../opportunities/closing/opportunity-closing.module';
import { OpportunityClosingService } from '../opportunities/closing/opportunity-closing.service';
import { LockedOpportunity, lockVisibleOpportunity } from '../opportunities/opportunity-locks';
import { RuleSettings, ruleSettingsOf } from '../opportunities/opportunity-rule-settings';

/** An opportunity locked for an evaluation or award command, its closing materialised. */
export interface EvaluationTarget extends LockedOpportunity {
  /** The rule settings frozen at publication (the configuration's for older rows). */
  rules: RuleSettings;
}

/**
 * The one way an evaluation or award command starts (committee, declarations, scores,
 * consensus, disqualification, lock, draw, award, conclusion): the opportunity is locked FOR
 * UPDATE if the actor may see it (else 404), then its closing is materialised in the
 * command's own transaction if the deadline has passed and the sweep has not run yet
 * (domain.md §4.1: nothing waits for the job), exactly once under that row lock; the state
 * returned is read after it, so the command's own checks see EVALUATION and proposals
 * UNDER_EVALUATION. A command that fails rolls the closing back with it; the next one (or
 * the sweep) does it again.
 */
@Injectable()
export class EvaluationLock {
  constructor(
    private readonly closing: OpportunityClosingService,
    private readonly config: AppConfig,
  ) {}

  async lockForEvaluation(scope: CommandScope, actor: Actor, opportunityId: string): Promise<EvaluationTarget> {
    const before = await lockVisibleOpportunity(scope.em, actor, opportunityId);
    // Only a PUBLISHED row can still need its closing; under the row lock no other status
    // can become PUBLISHED again, so the others skip the closing's query.
    const locked =
      before.opportunity.status === 'PUBLISHED' && (await this.closing.closeInScope(scope, opportunityId))
        ? await lockVisibleOpportunity(scope.em, actor, opportunityId)
        : before;
    return { ...locked, rules: ruleSettingsOf(locked.opportunity, this.config) };
  }

  /** The frozen rule settings of an opportunity already read (reads and views). */
  rulesOf(opportunity: Parameters<typeof ruleSettingsOf>[0]): RuleSettings {
    return ruleSettingsOf(opportunity, this.config);
  }
}

@Module({
  imports: [OpportunityClosingModule],
  providers: [EvaluationLock],
  exports: [EvaluationLock],
})
export class EvaluationLockModule {}
