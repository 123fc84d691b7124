import { isAbsolute, resolve } from 'node:path';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { assertOutboundUrlAllowed, OutboundUrlRefusedError, parseAllowList } from '@ascolto/collectors';
import { CredentialCipher, loadDatabaseConfig, type DatabaseConfig } from '@ascolto/persistence';
import { loadSearchConfig, type SearchConfig } from '@ascolto/search';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Passwords typed by an operator (ADMIN_PASSWORD, `create-user`): long enough to resist guessing. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// Environment variables arrive as strings; these turn the ones that should be numbers or booleans
// into typed values, and leave anything unparseable as it is so the validator can name it.
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * Every environment variable the API reads (besides the database and Elasticsearch ones, which
 * belong to their libraries and are validated by them). README.md copies this list.
 */
export class ApiEnvDto {
  /** PORT — TCP port the HTTP server listens on. Default 3000. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /**
   * HOST — address to bind. Default 127.0.0.1 (only this machine); use 0.0.0.0 to listen on
   * every interface, e.g. in a container or behind a reverse proxy on another host.
   */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  HOST = '127.0.0.1';

  /*
   * DATABASE_URL — postgres://user[:password]@host:5432/database. Default
   * postgres://postgres@127.0.0.1:5432/ascolto. The database is created if missing and migrated
   * at start-up. DATABASE_POOL_SIZE (default 10) sets the connection pool.
   *
   * ELASTICSEARCH_NODES — comma-separated http(s) URLs of Elasticsearch nodes. Default
   * http://127.0.0.1:9200. ES_INDEX_PREFIX (default `ascolto-`), ES_SHARDS (default 1),
   * ES_REPLICAS (default 0) and ES_REQUEST_TIMEOUT_MS (default 30000) tune the indices.
   * Both groups are validated by loadDatabaseConfig / loadSearchConfig and reported together
   * with the variables below.
   */

  /**
   * SESSION_TTL_HOURS — a session ends after this many hours without a request (sliding: every
   * request pushes the end forward). Default 12.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  SESSION_TTL_HOURS = 12;

  /**
   * SESSION_MAX_HOURS — a session ends this many hours after login whatever the activity, so a
   * dashboard left open (it polls) does not stay signed in for ever. Default 168 (7 days).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  SESSION_MAX_HOURS = 168;

  /**
   * COOKIE_SECURE — mark the session and CSRF cookies `Secure` (sent over https only). Default
   * false so that http://127.0.0.1 works; set it to true whenever users reach the API over https.
   */
  @Transform(toBoolean)
  @IsBoolean()
  COOKIE_SECURE = false;

  /**
   * ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME — optional. When no admin exists at start-up, one is
   * created with these. Give both EMAIL and PASSWORD (at least 12 characters) or neither.
   * ADMIN_NAME defaults to "Administrator". An existing admin is never changed.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  @MaxLength(320)
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters long` })
  @MaxLength(MAX_PASSWORD_LENGTH)
  ADMIN_PASSWORD?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  ADMIN_NAME = 'Administrator';

  /**
   * OUTBOUND_ALLOWLIST — comma-separated host names, IP addresses or CIDR ranges that feed URLs
   * may point to even though they are loopback/private/link-local (e.g. `127.0.0.1,localhost`
   * for a demo feed server). Default empty: only public addresses are accepted.
   */
  @IsOptional()
  @IsString()
  OUTBOUND_ALLOWLIST?: string;

  /**
   * DASHBOARD_DIST — folder of the built dashboard (the one holding index.html), absolute or
   * relative to the working directory. Default dist/apps/dashboard/browser.
   */
  @IsString()
  @MinLength(1)
  DASHBOARD_DIST = 'dist/apps/dashboard/browser';

  /** LOG_LEVEL — fatal, error, warn, info, debug, trace or silent. Default info. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** LOG_FILE — append the JSON log lines to this file instead of standard output. Default unset. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  LOG_FILE?: string;

  /*
   * ASCOLTO_CREDENTIALS_KEY — 32 bytes as base64 (`openssl rand -base64 32`) or 64 hex characters:
   * encrypts source credentials at rest. Optional; without it, sources that need credentials
   * cannot be given any. Validated by CredentialCipher and reported with the variables above.
   */

  /** LOGIN_THROTTLE_LIMIT — login attempts allowed per minute for one e-mail address. Default 5. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_THROTTLE_LIMIT = 5;

  /**
   * LOGIN_THROTTLE_IP_LIMIT — login attempts allowed per minute from one client address. Default
   * 20: higher than the per-address limit because a whole office may share one public IP.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_THROTTLE_IP_LIMIT = 20;

  /**
   * TRUST_PROXY — whether to believe X-Forwarded-For/-Proto (client address for throttling and
   * logs). Default false. `true` trusts any proxy; a number trusts that many hops; otherwise a
   * comma-separated list of proxy addresses/CIDRs or Express names (loopback, linklocal,
   * uniquelocal). Only enable it when a reverse proxy really sits in front of the API, or clients
   * can forge their address and dodge the login throttle.
   */
  @Matches(/^(true|false|\d{1,2}|[0-9A-Za-z.:/,\s_-]+)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count, or a comma-separated list of addresses/CIDRs',
  })
  TRUST_PROXY = 'false';
}

export interface ApiConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  search: SearchConfig;
  session: { ttlHours: number; maxHours: number };
  cookieSecure: boolean;
  /** First admin to create when there is none; null when ADMIN_EMAIL is unset. */
  initialAdmin: { email: string; password: string; name: string } | null;
  outboundAllowList: string[];
  /** Absolute path. */
  dashboardDist: string;
  logLevel: LogLevel;
  /** Absolute path, or null for standard output. */
  logFile: string | null;
  /** Encrypts source credentials (ASCOLTO_CREDENTIALS_KEY); `configured` is false without a key. */
  credentialCipher: CredentialCipher;
  loginThrottle: { perEmail: number; perIp: number; ttlMs: number };
  trustProxy: boolean | number | string[];
}

/** Thrown when the environment is invalid; `problems` names every bad variable, one per entry. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * One message per invalid property: the first rule it broke in declaration order (class-validator
 * lists constraints last-declared first), so "PORT=abc" says "must be an integer" once rather than
 * also "must not be less than 1".
 */
export function validationMessages(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const messages = Object.values(error.constraints ?? {});
    return [...messages.slice(-1), ...validationMessages(error.children ?? [])];
  });
}

function parseTrustProxy(value: string): boolean | number | string[] {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * Reads and validates the whole environment at once, so an operator sees every mistake in one
 * run instead of fixing them one restart at a time. Messages never include values (some are
 * secrets).
 */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  // An empty variable (`PORT=` in an env file) means "not set": take the default.
  const present = Object.fromEntries(
    Object.keys(new ApiEnvDto())
      .concat(['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'OUTBOUND_ALLOWLIST', 'LOG_FILE'])
      .filter((key) => env[key] !== undefined && env[key]!.trim() !== '')
      .map((key) => [key, env[key]]),
  );
  const dto = plainToInstance(ApiEnvDto, present, { exposeDefaultValues: true });
  const problems = validationMessages(validateSync(dto, { forbidUnknownValues: true }));

  if (dto.ADMIN_EMAIL && !dto.ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD must be set when ADMIN_EMAIL is set');
  if (dto.ADMIN_PASSWORD && !dto.ADMIN_EMAIL) problems.push('ADMIN_EMAIL must be set when ADMIN_PASSWORD is set');

  const outboundAllowList = parseAllowList(dto.OUTBOUND_ALLOWLIST);

  let database: DatabaseConfig | undefined;
  try {
    database = loadDatabaseConfig(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  let search: SearchConfig | undefined;
  try {
    search = loadSearchConfig(env);
  } catch (error) {
    problems.push((error as Error).message);
  }

  let credentialCipher: CredentialCipher | undefined;
  try {
    credentialCipher = CredentialCipher.fromEnv(env);
  } catch (error) {
    problems.push((error as Error).message);
  }

  if (problems.length > 0 || !database || !search || !credentialCipher) throw new ConfigError(problems);

  return {
    port: dto.PORT,
    host: dto.HOST.trim(),
    database,
    search,
    session: { ttlHours: dto.SESSION_TTL_HOURS, maxHours: Math.max(dto.SESSION_MAX_HOURS, dto.SESSION_TTL_HOURS) },
    cookieSecure: dto.COOKIE_SECURE,
    initialAdmin: dto.ADMIN_EMAIL
      ? { email: dto.ADMIN_EMAIL.trim().toLowerCase(), password: dto.ADMIN_PASSWORD!, name: dto.ADMIN_NAME.trim() }
      : null,
    outboundAllowList,
    dashboardDist: isAbsolute(dto.DASHBOARD_DIST) ? dto.DASHBOARD_DIST : resolve(process.cwd(), dto.DASHBOARD_DIST),
    logLevel: dto.LOG_LEVEL,
    logFile: dto.LOG_FILE ? resolve(process.cwd(), dto.LOG_FILE) : null,
    credentialCipher,
    loginThrottle: { perEmail: dto.LOGIN_THROTTLE_LIMIT, perIp: dto.LOGIN_THROTTLE_IP_LIMIT, ttlMs: 60_000 },
    trustProxy: parseTrustProxy(dto.TRUST_PROXY),
  };
}

// An address from TEST-NET-1: an IP literal, so no DNS lookup happens. The guard compiles the
// allow-list before judging the address, so a malformed entry (a bad CIDR) surfaces here as a
// plain Error, while the expected refusal of the address itself is an OutboundUrlRefusedError.
const PROBE_URL = 'http://192.0.2.1/';

/**
 * Checks OUTBOUND_ALLOWLIST with the same parser the outbound guard uses, so a typo stops the
 * start-up instead of failing every source creation later.
 */
export async function checkOutboundAllowList(config: Pick<ApiConfig, 'outboundAllowList'>): Promise<void> {
  try {
    await assertOutboundUrlAllowed(PROBE_URL, config.outboundAllowList);
  } catch (error) {
    if (error instanceof OutboundUrlRefusedError) return;
    throw new ConfigError([`OUTBOUND_ALLOWLIST: ${(error as Error).message}`]);
  }
}
