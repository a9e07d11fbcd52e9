import type { AppConfig } from '../config/app-config';

/**
 * The configuration settings that decide a tender's outcome. They are copied onto the
 * opportunity when it is published, and every rule reads them from there: a configuration
 * change never alters a tender already under way (docs/evaluation.md). `kPercent` is part of
 * the opportunity itself. Before publication the configuration applies.
 */
export interface RuleSettings {
  qualityThreshold: number;
  committeeMinEvaluators: number;
  committeeRequireExternal: boolean;
  minTenderPeriodDays: number;
  questionsCloseHours: number;
  addendumMinDays: number;
}

type FrozenFields = { [K in keyof RuleSettings]: RuleSettings[K] | null };

export function configuredRuleSettings(config: AppConfig): RuleSettings {
  return {
    qualityThreshold: config.QUALITY_THRESHOLD,
    committeeMinEvaluators: config.COMMITTEE_MIN_EVALUATORS,
    committeeRequireExternal: config.COMMITTEE_REQUIRE_EXTERNAL,
    minTenderPeriodDays: config.MIN_TENDER_PERIOD_DAYS,
    questionsCloseHours: config.QUESTIONS_CLOSE_HOURS,
    addendumMinDays: config.ADDENDUM_MIN_DAYS,
  };
}

/** The settings of the opportunity: those frozen at its publication, else the configuration's. */
export function ruleSettingsOf(o: FrozenFields, config: AppConfig): RuleSettings {
  const configured = configuredRuleSettings(config);
  return {
    qualityThreshold: o.qualityThreshold ?? configured.qualityThreshold,
    committeeMinEvaluators: o.committeeMinEvaluators ?? configured.committeeMinEvaluators,
    committeeRequireExternal: o.committeeRequireExternal ?? configured.committeeRequireExternal,
    minTenderPeriodDays: o.minTenderPeriodDays ?? configured.minTenderPeriodDays,
    questionsCloseHours: o.questionsCloseHours ?? configured.questionsCloseHours,
    addendumMinDays: o.addendumMinDays ?? configured.addendumMinDays,
  };
}

/** The columns that freeze `settings` on the opportunity row (for the publication's transition). */
export function frozenRuleColumns(settings: RuleSettings): Record<string, number | boolean> {
  return {
    quality_threshold: settings.qualityThreshold,
    committee_min_evaluators: settings.committeeMinEvaluators,
    committee_require_external: settings.committeeRequireExternal,
    min_tender_period_days: settings.minTenderPeriodDays,
    questions_close_hours: settings.questionsCloseHours,
    addendum_min_days: settings.addendumMinDays,
  };
}
