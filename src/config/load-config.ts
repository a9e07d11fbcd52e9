import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { frenchMessage } from '../common/http/validation';
import { AppConfig } from './app-config';
import { productionSecretProblems } from './production-secrets';
import { parseThresholdTable, thresholdInForce } from './public-tender-threshold';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Constraints that say what kind of value is expected; when one fails, bounds are moot. */
const TYPE_CONSTRAINTS = ['isInt', 'isBoolean', 'isString', 'isIn'];

/** One line per invalid variable: "PORT must be an integer number", not three bound checks. */
function flatten(errors: ValidationError[]): string[] {
  return errors.map((e) => {
    const constraints = e.constraints ?? {};
    const typeFailure = TYPE_CONSTRAINTS.find((c) => c in constraints);
    const kept = typeFailure ? [typeFailure] : Object.keys(constraints);
    const messages = kept.map((c) => frenchMessage(e.property, c, constraints[c]));
    const text = messages.join(' ; ');
    return text.startsWith(e.property) ? text : `${e.property}: ${text}`;
  });
}

/**
 * Builds the configuration from an environment map. Throws ConfigError listing every
 * invalid value, and refuses a program cap that is not below the threshold in force.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, today: Date = new Date()): AppConfig {
  const known = Object.keys(new AppConfig()).filter((k) => k !== 'thresholds');
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    // An empty variable (`QUALITY_THRESHOLD=` in a compose file) means "not set", not 0.
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = flatten(validateSync(config, { forbidUnknownValues: false }));

  if (config.NODE_ENV === 'production')
    problems.push(...productionSecretProblems(config.JWT_SECRET, config.ADMIN_PASSWORD));
  config.OPENAPI_ENABLED ??= config.NODE_ENV !== 'production';
  try {
    config.thresholds = parseThresholdTable(config.PUBLIC_TENDER_THRESHOLDS);
    const inForce = thresholdInForce(config.thresholds, today);
    if (!inForce) {
      problems.push(
        `PUBLIC_TENDER_THRESHOLDS: aucun seuil d'appel d'offres public en vigueur le ${today.toISOString().slice(0, 10)}`,
      );
    } else if (config.PROGRAM_CAP_CENTS >= inForce.cents) {
      problems.push(
        `PROGRAM_CAP_CENTS (${config.PROGRAM_CAP_CENTS}) doit être inférieur au seuil d'appel d'offres public en vigueur (${inForce.cents})`,
      );
    }
  } catch (e) {
    problems.push(`PUBLIC_TENDER_THRESHOLDS: ${(e as Error).message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
