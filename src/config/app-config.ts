import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ThresholdPeriod } from './public-tender-threshold';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export const FORGE_MODES = ['delegated', 'pre-provisioned'] as const;
export type ForgeMode = (typeof FORGE_MODES)[number];
export type AppRole = (typeof APP_ROLES)[number];

/** Default dated table of the public tender threshold (cents, taxes excluded). */
export const DEFAULT_PUBLIC_TENDER_THRESHOLDS = '2024-01-01..2025-12-31=13380000;2026-01-01..2027-12-31=13900000';

/** 'true'/'1' and 'false'/'0'; anything else stays as written, so that validation names it. */
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : value;
};
/** Decimal integers only ('1e3', '0x10' or '12abc' stay strings and fail validation). */
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting of the application, read once from the environment and validated at boot.
 * Only loadConfig (load-config.ts) reads process.env.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'doit être une URL postgres://' })
  DATABASE_URL?: string;

  @IsString()
  PGLITE_DIR = './data/pglite';

  /**
   * PostgreSQL connections of each process (PostgreSQL only). A submission holds one from its
   * arrival (its transaction's now() decides the deadline), so a deadline rush is decided on
   * arrival for as many requests in flight as there are connections (docs/benchmarks.md).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Where delivered source archives are kept (domain.md §7): a directory every API replica and
   * worker shares (a network volume in production). See docs/contracts.md.
   */
  @IsString()
  @MinLength(1)
  STORAGE_DIR = './data/storage';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'doit être une URL redis://' })
  REDIS_URL?: string;

  /** Key prefix of the BullMQ queues in Redis (lets several deployments share one Redis). */
  @Matches(/^[a-z0-9_-]{1,40}$/)
  BULLMQ_PREFIX = 'echanges';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'doit compter au moins 32 caractères' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_REFRESH_TTL_SECONDS = 30 * 24 * 3600;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'doit compter au moins 12 caractères' })
  ADMIN_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'doit être une URL smtp:// ou smtps://' })
  SMTP_URL?: string;

  @IsEmail()
  SMTP_FROM = 'no-reply@echanges.quebec.ca';

  /** SMTP: time to open the connection, and then to get the server's greeting (each). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMTP_CONNECT_TIMEOUT_MS = 15_000;

  /** SMTP: longest silence of the server during a session before the attempt fails. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMTP_SOCKET_TIMEOUT_MS = 60_000;

  /** Tries per e-mail before it is recorded as failed (backoff 1 s, 2 s, 4 s, … ≤ 5 min). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFICATION_MAX_ATTEMPTS = 10;

  /** Base of the links in e-mails (the public web site). */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'doit être une URL http(s)://' })
  PUBLIC_WEB_URL = 'http://localhost:3000';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'doit être une URL http(s)://' })
  FORGE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  FORGE_TOKEN?: string;

  /**
   * How the instance publishes on the forge (docs/forge.md): `delegated` (we create the
   * project in the public body's group) or `pre-provisioned` (a forge admin created it).
   */
  @IsIn(FORGE_MODES)
  FORGE_MODE: ForgeMode = 'delegated';

  /** Per public body: `group/path=pre-provisioned;other/group=delegated` (by forge group path). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^=;\s]+=(delegated|pre-provisioned)(;[^=;\s]+=(delegated|pre-provisioned))*$/, {
    message: 'doit ressembler à groupe/chemin=delegated;autre/groupe=pre-provisioned',
  })
  FORGE_MODE_BY_GROUP?: string;

  /** Author and committer of the published commit (the forge's bot account). */
  @IsString()
  @MinLength(1)
  FORGE_AUTHOR_NAME = 'Échanges';

  @IsEmail()
  FORGE_AUTHOR_EMAIL = 'forge@echanges.quebec.ca';

  /** First step of the forge client's backoff (ms); doubled per try, with jitter, capped at 60 s. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  FORGE_RETRY_BASE_MS = 1000;

  @Matches(/^ocds-[a-z0-9]{6}$/, { message: 'doit respecter ^ocds-[a-z0-9]{6}$' })
  OCDS_PREFIX = 'ocds-ech000';

  /** Publisher named in OCDS packages (docs/open-data.md). */
  @IsString()
  @MinLength(1)
  OCDS_PUBLISHER_NAME = 'Secrétariat du Conseil du trésor';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'doit être une URL http(s)://' })
  OCDS_PUBLISHER_URI?: string = 'https://www.quebec.ca/gouvernement/ministeres-organismes/secretariat-conseil-tresor';

  /** Licence of the open data (URL), CC-BY-4.0 as Données Québec publishes. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'doit être une URL http(s)://' })
  OCDS_LICENSE_URL = 'https://creativecommons.org/licenses/by/4.0/';

  /** Publication policy (URL); default: PUBLIC_WEB_URL + /donnees-ouvertes. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'doit être une URL http(s)://' })
  OCDS_PUBLICATION_POLICY_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PROGRAM_CAP_CENTS = 9_000_000;

  @IsString()
  PUBLIC_TENDER_THRESHOLDS = DEFAULT_PUBLIC_TENDER_THRESHOLDS;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  MIN_TENDER_PERIOD_DAYS = 15;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  QUESTIONS_CLOSE_HOURS = 72;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  ADDENDUM_MIN_DAYS = 7;

  /** Largest proposal attachment accepted, in bytes (larger: 413 PAYLOAD_TOO_LARGE). Stored in the database. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100 * 1024 * 1024)
  PROPOSAL_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** Attachments (not removed) one proposal may hold (more: 422 ATTACHMENTS_LIMIT). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PROPOSAL_ATTACHMENTS_MAX_COUNT = 20;

  /** Total size of one proposal's attachments (not removed), in bytes (more: 422 ATTACHMENTS_LIMIT). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PROPOSAL_ATTACHMENTS_MAX_TOTAL_BYTES = 50 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  COMMITTEE_MIN_EVALUATORS = 3;

  @Transform(toBool)
  @IsBoolean()
  COMMITTEE_REQUIRE_EXTERNAL = true;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  QUALITY_THRESHOLD = 70;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  AMENDMENT_MAX_PERCENT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SPLITTING_WINDOW_DAYS = 90;

  /**
   * Requests allowed per window and client address on the authentication routes (log-in,
   * registration, refresh): a generous ceiling, since a whole office may leave through one
   * address; guessing passwords is stopped per account (LOGIN_*).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_WINDOW_SECONDS = 60;

  /** Failed log-ins of one account before each further attempt waits (growing delay). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FREE_FAILURES = 3;

  /** Failed log-ins of one account (within LOGIN_FAILURE_WINDOW_SECONDS) that lock it for LOGIN_LOCK_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCK_FAILURES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCK_SECONDS = 15 * 60;

  /** Failed log-ins from one client address (within LOGIN_FAILURE_WINDOW_SECONDS) before it waits for the window to end. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_MAX_FAILURES = 100;

  /** Requests allowed per window to every other route: per account when authenticated, else per address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  API_RATE_LIMIT = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  API_RATE_WINDOW_SECONDS = 60;

  /**
   * Proxies whose X-Forwarded-For is believed (Express “trust proxy”): `loopback` (default),
   * `false` (none), or a comma-separated list of addresses, CIDR subnets and the names
   * loopback, linklocal, uniquelocal.
   */
  @Matches(
    /^(false|[0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal)(\s*,\s*([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal))*$/,
    {
      message: 'doit être false, ou une liste d’adresses, de sous-réseaux ou de loopback, linklocal, uniquelocal',
    },
  )
  TRUST_PROXY = 'loopback';

  /** How often the outbox relay looks for jobs left behind (crash, queue outage). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS = 1000;

  /** The longest an audit event waits to be sealed into the chain when no command nudges the sealer. */
  @Transform(toInt)
  @IsInt()
  @Min(20)
  AUDIT_SEAL_MS = 250;

  /**
   * BullMQ: a job handed to Redis and still unsettled this long after it was due is handed
   * over again (a no-op if Redis still has it; a Redis restart without persistence loses it).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  OUTBOX_REQUEUE_AFTER_MS = 300_000;

  /**
   * How often a worker materialises the closings that are due (PUBLISHED → EVALUATION at the
   * proposal deadline). Reads never wait for it: they compute the effective status.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CLOSING_SWEEP_MS = 30_000;

  /** The OpenAPI document and UI at /api/docs; default: on, except in production. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  OPENAPI_ENABLED?: boolean = undefined;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Parsed public tender threshold table (set by loadConfig). */
  thresholds: ThresholdPeriod[] = [];

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  get runsHttp(): boolean {
    return this.APP_ROLE !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.APP_ROLE !== 'api';
  }
}
