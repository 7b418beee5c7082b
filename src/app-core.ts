/**
 * The core of the composition root (app.ts): the database's repositories, the foundation (audit,
 * settings, sessions, throttling, mail), directory sources and users. A CLI command that needs no
 * more opens only this (`createCoreApp`), so `quire user show` loads none of accounting, printing,
 * single sign-on, the pages or the APIs; `createApp` builds the rest of the application on top.
 *
 *   const app = await createCoreApp(loadConfig());
 *   await app.services.users.requireUser('alice');
 *   await app.close();
 */
import { pino } from 'pino';
import { stdoutLog } from './http/log-destination.js';
import { loggerOptions } from './http/logging.js';
import type { Actor } from './audit/actor.js';
import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService } from './audit/audit.service.js';
import { createMetrics, SIGNIN_OUTCOMES } from './ops/metrics.js';
import { argon2Hasher, type PasswordHasher } from './passwords/password-hasher.js';
import { createPasswordHistoryRepository } from './passwords/password-history.repository.js';
import { createPasswordsService } from './passwords/passwords.service.js';
import { createThrottleRepository } from './auth/throttle.repository.js';
import { createThrottleService } from './auth/throttle.service.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createSourcesRepository } from './directory/sources.repository.js';
import { createSourcesService, type SourcesService } from './directory/sources.service.js';
import { createGraphMirrorRepository } from './directory/entra-id/graph-mirror.repository.js';
import { createMailService, type MailLog, type MailService } from './mail/mail.service.js';
import { systemClock, systemRandom, type Clock, type Random } from './ports.js';
import { createSessionsRepository } from './sessions/sessions.repository.js';
import { createSessionsService } from './sessions/sessions.service.js';
import { createSettingsRepository } from './settings/settings.repository.js';
import { createSettingsService, effectiveTimeZone } from './settings/settings.service.js';
import { createSyncLeaseRepository } from './sync/sync-lease.repository.js';
import { createSyncRunsRepository } from './sync/sync-runs.repository.js';
import { createSyncApplyRepository } from './sync/sync-apply.repository.js';
import { createSyncCompareRepository } from './sync/sync-compare.repository.js';
import { createSyncStageRepository } from './sync/sync-stage.repository.js';
import { createUsersRepository } from './users/users.repository.js';
import { createUsersService } from './users/users.service.js';
import { expiryCheck } from './users/account-expiry.js';

export interface AppPorts {
  clock?: Clock;
  random?: Random;
  hasher?: PasswordHasher;
  /** Where services log what no request sees (a mail server that is down); pino at the configured level by default. */
  log?: MailLog;
}

/** What every area's factory below starts from: the database, the configuration, the ports, the repositories. */
export interface Base {
  database: Database;
  config: Config;
  clock: Clock;
  random: Random;
  hasher: PasswordHasher;
  log: MailLog;
  repositories: ReturnType<typeof createRepositories>;
}

/** The repositories more than one area's services share. */
export function createRepositories(database: Database) {
  const { db } = database;
  return {
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    audit: createAuditRepository(db),
    settings: createSettingsRepository(db),
    throttle: createThrottleRepository(db),
    sources: createSourcesRepository(db),
    syncRuns: createSyncRunsRepository(db),
    syncStage: createSyncStageRepository(database),
    syncCompare: createSyncCompareRepository(db),
    syncApply: createSyncApplyRepository(db),
    syncLeases: createSyncLeaseRepository(db),
  };
}

/** What every other area uses: metrics, the audit log, settings, sessions, throttling, mail. */
export function foundationServices({ config, clock, random, log, repositories }: Base) {
  const metrics = createMetrics();
  const audit = createAuditService(repositories.audit, clock, (event) => {
    const outcome = SIGNIN_OUTCOMES[event.action];
    // `via` names the single sign-on provider; a bounded set of labels either way.
    if (outcome)
      metrics.count('quire_signins_total', {
        outcome,
        method: typeof event.details?.via === 'string' ? event.details.via : 'password',
      });
  });
  // `mail` is built below; the check runs only when options are saved, by which time it exists.
  const settings = createSettingsService(repositories.settings, clock, {
    mailConfigured: () => mail.isConfigured(),
  });
  // Expiry days are read in the organisation's time zone (Options), as every page shows times.
  const expired = expiryCheck(clock, async () => effectiveTimeZone(await settings.get()));
  const sessions = createSessionsService(
    repositories.sessions,
    repositories.users,
    clock,
    random,
    { idleMinutes: config.sessionIdleMinutes, maxMinutes: config.sessionMaxMinutes },
    expired,
  );
  const throttle = createThrottleService(repositories.throttle, clock, settings);
  const mail = createMailService({
    settings: repositories.settings,
    organization: async () => (await settings.get()).organizationName,
    defaultLanguage: async () => (await settings.get()).defaultLanguage,
    config,
    clock,
    log,
    fallbackFrom: `quire@${new URL(config.publicUrl).hostname}`,
  });
  return { metrics, audit, settings, sessions, throttle, mail, expired };
}

export type Foundation = ReturnType<typeof foundationServices>;

/** Warnings no request sees (a mail server that is down), as JSON lines at the configured level. */
function serviceLog(config: Config): MailLog {
  const logger = pino(loggerOptions(config.logLevel), stdoutLog());
  return (details, message) => logger.warn(details, message);
}

/** The database, the configuration and the ports every area's factory starts from. */
export function createBase(database: Database, config: Config, ports: AppPorts = {}): Base {
  return {
    database,
    config,
    clock: ports.clock ?? systemClock,
    random: ports.random ?? systemRandom,
    hasher: ports.hasher ?? argon2Hasher,
    log: ports.log ?? serviceLog(config),
    repositories: createRepositories(database),
  };
}

/**
 * Directory sources and users. `onSourceRemoved` is what else a removed source takes with it (the
 * sign-in providers that use it: app.ts passes its identity providers service).
 */
export function sourceAndUserServices(
  { database, clock, hasher, repositories }: Base,
  { audit, settings, sessions, throttle }: Foundation,
  onSourceRemoved: (sourceId: number, actor: Actor) => Promise<void>,
) {
  const graphMirrors = createGraphMirrorRepository(database.db);
  const sources = createSourcesService({
    sources: repositories.sources,
    audit,
    clock,
    graphMirror: (sourceId) => graphMirrors.forSource(sourceId),
    onRemove: onSourceRemoved,
  });
  const passwords = createPasswordsService({
    users: repositories.users,
    history: createPasswordHistoryRepository(database.db),
    settings,
    hasher,
    clock,
  });
  const users = createUsersService({
    users: repositories.users,
    sessions,
    settings,
    audit,
    hasher,
    passwords,
    sources,
    throttle,
    clock,
  });
  return { sources, passwords, users };
}

/** The sign-in providers (OIDC, SAML) and the sources they use; loaded only by whoever needs them. */
export async function identityProvidersService(
  { database, config, clock }: Base,
  { audit }: Foundation,
  sources: SourcesService,
) {
  const [{ createIdentityProvidersService }, { createIdentityProvidersRepository }] = await Promise.all([
    import('./auth/sso/identity-providers.service.js'),
    import('./auth/sso/identity-providers.repository.js'),
  ]);
  return createIdentityProvidersService({
    repository: createIdentityProvidersRepository(database.db),
    sources,
    audit,
    clock,
    publicUrl: config.publicUrl,
  });
}

/** The foundation, sources and users; removing a source disables its sign-in providers as in the full app. */
export function createCoreServices(database: Database, config: Config, ports: AppPorts = {}) {
  const base = createBase(database, config, ports);
  const foundation = foundationServices(base);
  const people = sourceAndUserServices(base, foundation, async (sourceId, actor) =>
    (await identityProvidersService(base, foundation, people.sources)).disableForSource(sourceId, actor),
  );
  return { ...foundation, ...people, clock: base.clock };
}

export type CoreServices = ReturnType<typeof createCoreServices>;

/**
 * An open database with services over it; `close` waits for mail under way, releases the sources'
 * connections, then closes the database.
 */
export interface OpenApp<S> {
  config: Config;
  database: Database;
  services: S;
  /** Migrations this start-up applied (usually none); `quire migrate` reports them. */
  migrations: string[];
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations and builds the services with `build`. */
export async function openApp<S extends { sources: SourcesService; mail: Pick<MailService, 'settle'> }>(
  config: Config,
  ports: AppPorts,
  build: (database: Database, ports: AppPorts) => S | Promise<S>,
): Promise<OpenApp<S>> {
  // One log for the database and the services (createBase takes it from the ports).
  const log = ports.log ?? serviceLog(config);
  const database = await openDatabase(config.databaseUrl, {
    prepare: config.databasePrepare,
    connectionLost: (reason) =>
      log({ reason }, 'PostgreSQL ended a connection; the next query opens a new one'),
  });
  let migrations: string[];
  try {
    migrations = await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const services = await build(database, { ...ports, log });
  return {
    config,
    database,
    services,
    migrations,
    async close() {
      await services.mail.settle();
      await services.sources.closeAll();
      await database.close();
    },
  };
}

export type CoreApp = OpenApp<CoreServices>;

/** The core services only (see above), opened exactly as `createApp` opens the whole application. */
export function createCoreApp(config: Config, ports: AppPorts = {}): Promise<CoreApp> {
  return openApp(config, ports, (database, withLog) => createCoreServices(database, config, withLog));
}
