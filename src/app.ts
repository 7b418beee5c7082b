/**
 * Composition root: opens the database, runs migrations, builds repositories and services.
 * The HTTP server (http/server.ts) and the CLI (main.ts) both start from here.
 *
 *   const app = await createApp(loadConfig());
 *   await app.services.users.createInternal({ … }, actor);
 *   await app.close();
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { pino } from 'pino';
import { stdoutLog } from './http/log-destination.js';
import { loggerOptions } from './http/logging.js';
import { createApiTokensRepository } from './api-tokens/api-tokens.repository.js';
import { createApiTokensService } from './api-tokens/api-tokens.service.js';
import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService } from './audit/audit.service.js';
import { createMetrics, SIGNIN_OUTCOMES } from './ops/metrics.js';
import { createOpsRepository } from './ops/ops.repository.js';
import { createInstancesRepository } from './ops/instances.repository.js';
import { createAuthService } from './auth/auth.service.js';
import { createTwoFactorRepository } from './auth/two-factor/two-factor.repository.js';
import { createTwoFactorService } from './auth/two-factor/two-factor.service.js';
import { createSecurityKeysService } from './auth/two-factor/security-keys.service.js';
import { argon2Hasher, type PasswordHasher } from './passwords/password-hasher.js';
import { createPasswordResetRepository } from './passwords/password-reset.repository.js';
import { createPasswordResetService } from './passwords/password-reset.service.js';
import { createThrottleRepository } from './auth/throttle.repository.js';
import { createThrottleService } from './auth/throttle.service.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createSourcesRepository } from './directory/sources.repository.js';
import { createSourcesService } from './directory/sources.service.js';
import { createGraphMirrorRepository } from './directory/entra-id/graph-mirror.repository.js';
import { createMailService, type MailLog } from './mail/mail.service.js';
import { systemClock, systemRandom, type Clock, type Random } from './ports.js';
import { createSessionsRepository } from './sessions/sessions.repository.js';
import { createSessionsService } from './sessions/sessions.service.js';
import { createSettingsRepository } from './settings/settings.repository.js';
import {
  createSettingsService,
  effectiveTimeZone,
  type SettingsService,
} from './settings/settings.service.js';
import { createSetupService } from './setup/setup.service.js';
import { createSyncLeaseRepository } from './sync/sync-lease.repository.js';
import { createSyncRunsRepository } from './sync/sync-runs.repository.js';
import { createSyncApplyRepository } from './sync/sync-apply.repository.js';
import { createSyncCompareRepository } from './sync/sync-compare.repository.js';
import { createSyncStageRepository } from './sync/sync-stage.repository.js';
import { createSyncService } from './sync/sync.service.js';
import { createUsersRepository } from './users/users.repository.js';
import { createRegistrationRepository } from './users/registration.repository.js';
import { createRegistrationService } from './users/registration.service.js';
import { createUsersService } from './users/users.service.js';
import { expiryCheck } from './users/account-expiry.js';
import { createBatchImportPreviewsRepository } from './users/batch-import-previews.repository.js';
import { createBatchImportPreviewsService } from './users/batch-import-previews.service.js';
import { createBatchImportService } from './users/batch-import.service.js';
import { createGroupsRepository } from './groups/groups.repository.js';
import { createGroupsService } from './groups/groups.service.js';
import { createPasswordHistoryRepository } from './passwords/password-history.repository.js';
import { createPasswordsService } from './passwords/passwords.service.js';
import { createEmailChangeRepository } from './users/email-change.repository.js';
import { createEmailChangeService } from './users/email-change.service.js';
import { createIdentityProvidersRepository } from './auth/sso/identity-providers.repository.js';
import { createIdentityProvidersService } from './auth/sso/identity-providers.service.js';
import { createOidcClient } from './auth/sso/oidc/oidc.client.js';
import { createSsoRequestsRepository } from './auth/sso/sso-requests.repository.js';
import { createAccountingStore } from './accounts/accounting-store.js';
import { createAccountsService } from './accounts/accounts.service.js';
import { createGroupAccountsService } from './accounts/group-accounts.service.js';
import { createSharedAccountsService } from './accounts/shared-accounts.service.js';
import { createTransactionLogService } from './accounts/transaction-log.service.js';
import { createChargingService } from './jobs/charging.service.js';
import { createDashboardService } from './jobs/dashboard.service.js';
import { createJobLogService } from './jobs/job-log.service.js';
import { createPrintersService } from './printers/printers.service.js';
import { createPrintJobsRepository } from './print/print-jobs.repository.js';
import { createPrintJobsService } from './print/print-jobs.service.js';
import { createQueuesService } from './print/queues.service.js';
import { createPendingReleaseService } from './release/pending-release.service.js';
import { createStationSessionsService } from './release/station-sessions.service.js';
import { createFileSpool } from './print/spool.js';
import { createPrinterStatus } from './print/forwarding/printer-status.js';
import type { AuditService } from './audit/audit.service.js';
import type { GroupsService } from './groups/groups.service.js';
import type { UsersService } from './users/users.service.js';
import { createSsoService } from './auth/sso/sso.service.js';

export interface AppPorts {
  clock?: Clock;
  random?: Random;
  hasher?: PasswordHasher;
  /** Where services log what no request sees (a mail server that is down); pino at the configured level by default. */
  log?: MailLog;
}

/** Print accounting: accounts, shared accounts, printers, charging jobs, group quotas; print queues. */
function createAccountingServices(deps: {
  database: Database;
  config: Config;
  users: UsersService;
  groups: GroupsService;
  audit: AuditService;
  clock: Clock;
  random: Random;
  settings: SettingsService;
  log: MailLog;
}) {
  const { users, groups, audit, clock, config } = deps;
  const store = createAccountingStore(deps.database.db, deps.database.kind);
  const timeZone = async () => effectiveTimeZone(await deps.settings.get());
  const accounts = createAccountsService({ store, users, audit, clock, timeZone });
  const charging = createChargingService({ store, accounts, audit, clock });
  const defaultServer = hostname().toLowerCase();
  const queues = createQueuesService({
    store,
    audit,
    clock,
    defaultServer,
    address: { publicUrl: config.publicUrl, port: config.port, httpsPort: config.httpsPort },
  });
  const printJobs = createPrintJobsService({
    printJobs: createPrintJobsRepository(deps.database.db),
    store,
    charging,
    queues,
    spool: createFileSpool(config.spoolDir),
    settings: deps.settings,
    audit,
    clock,
    random: deps.random,
    expired: expiryCheck(clock, timeZone),
    // Leases on jobs name the server holding them (one process = one holder).
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    log: { warn: (details, message) => deps.log({ ...details }, message) },
  });
  return {
    accounts,
    sharedAccounts: createSharedAccountsService({ store, users, groups, audit, clock }),
    printers: createPrintersService({ store, groups, audit, clock, defaultServer }),
    charging,
    queues,
    printJobs,
    printerStatus: createPrinterStatus({ db: deps.database.db, clock }),
    pendingRelease: createPendingReleaseService({ store, queues, printJobs, clock }),
    jobLog: createJobLogService({ store, users, charging, clock, timeZone }),
    transactionLog: createTransactionLogService({ store, users }),
    dashboard: createDashboardService({ store, clock, timeZone }),
    groupAccounts: createGroupAccountsService({
      store,
      accounts,
      groups,
      users,
      audit,
      clock,
      timeZone,
    }),
  };
}

/** What every area's factory below starts from: the database, the configuration, the ports, the repositories. */
interface Base {
  database: Database;
  config: Config;
  clock: Clock;
  random: Random;
  hasher: PasswordHasher;
  log: MailLog;
  repositories: ReturnType<typeof createRepositories>;
}

/** The repositories more than one area's services share. */
function createRepositories(database: Database) {
  const { db } = database;
  return {
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    audit: createAuditRepository(db),
    settings: createSettingsRepository(db),
    throttle: createThrottleRepository(db),
    sources: createSourcesRepository(db),
    syncRuns: createSyncRunsRepository(db),
    syncStage: createSyncStageRepository(db, database.sqlite),
    syncCompare: createSyncCompareRepository(db),
    syncApply: createSyncApplyRepository(db),
    syncLeases: createSyncLeaseRepository(db),
  };
}

/** What every other area uses: metrics, the audit log, settings, sessions, throttling, mail. */
function foundationServices({ config, clock, random, log, repositories }: Base) {
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

type Foundation = ReturnType<typeof foundationServices>;

/** Directory sources and the sign-in providers that use them. */
function directoryServices(
  { database, config, clock, random, repositories }: Base,
  { audit, expired }: Foundation,
) {
  const { db } = database;
  const graphMirrors = createGraphMirrorRepository(db);
  const sources = createSourcesService({
    sources: repositories.sources,
    audit,
    clock,
    graphMirror: (sourceId) => graphMirrors.forSource(sourceId),
    // identityProviders is built below (it reads sources); by the time a source is removed it exists.
    onRemove: (sourceId, actor) => identityProviders.disableForSource(sourceId, actor),
  });
  const identityProviders = createIdentityProvidersService({
    repository: createIdentityProvidersRepository(db),
    sources,
    audit,
    clock,
    publicUrl: config.publicUrl,
  });
  const sso = createSsoService({
    requests: createSsoRequestsRepository(db),
    users: repositories.users,
    oidc: createOidcClient(),
    audit,
    clock,
    random,
    publicUrl: config.publicUrl,
    starts: repositories.throttle,
    expired,
  });
  return { sources, identityProviders, sso };
}

/** The second factors of sign-in: an authenticator app with recovery codes, and security keys. */
function twoFactorServices(
  { database, config, clock, random }: Base,
  { audit, settings, throttle }: Foundation,
) {
  const repository = createTwoFactorRepository(database.db);
  const organization = async () => (await settings.get()).organizationName;
  return {
    twoFactor: createTwoFactorService({ repository, audit, throttle, clock, random, issuer: organization }),
    securityKeys: createSecurityKeysService({
      repository,
      audit,
      throttle,
      clock,
      random,
      rpName: organization,
      rpID: config.webauthnRpId,
      origins: [new URL(config.publicUrl).origin, ...config.trustedOrigins],
    }),
  };
}

/** Users and groups, how they sign in, are set up, imported and synchronized; API tokens. */
function userServices(base: Base, foundation: Foundation, { sources }: ReturnType<typeof directoryServices>) {
  const { database, clock, random, hasher, repositories } = base;
  const { audit, settings, sessions, throttle, expired } = foundation;
  const { db } = database;
  const passwords = createPasswordsService({
    users: repositories.users,
    history: createPasswordHistoryRepository(db),
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
  const sync = createSyncService({
    db,
    runs: repositories.syncRuns,
    stage: repositories.syncStage,
    compare: repositories.syncCompare,
    apply: repositories.syncApply,
    leases: repositories.syncLeases,
    sources,
    users,
    audit,
    hasher,
    clock,
  });
  return {
    passwords,
    users,
    sync,
    groups: createGroupsService({
      groups: createGroupsRepository(db),
      users,
      sourceNames: () => sources.names(),
      audit,
      clock,
    }),
    auth: createAuthService({ users: repositories.users, sources, throttle, audit, hasher, expired }),
    ...twoFactorServices(base, foundation),
    setup: createSetupService({
      db,
      settings: repositories.settings,
      users: repositories.users,
      usersService: users,
      random,
    }),
    apiTokens: createApiTokensService({
      repository: createApiTokensRepository(db),
      throttle,
      settings,
      audit,
      clock,
      random,
    }),
  };
}

/** The emailed-link flows: password reset, registration, email change. */
function linkServices(
  { database, config, clock, random, hasher, repositories }: Base,
  { settings, mail, audit, sessions, throttle }: Foundation,
  { passwords }: ReturnType<typeof userServices>,
) {
  const { db } = database;
  const resets = createPasswordResetRepository(db);
  // What every emailed-link flow (reset, registration, email change) needs.
  const linkFlows = {
    users: repositories.users,
    settings,
    mail,
    audit,
    clock,
    random,
    publicUrl: config.publicUrl,
  };
  return {
    passwordReset: createPasswordResetService({ ...linkFlows, resets, sessions, passwords, throttle }),
    registration: createRegistrationService({
      ...linkFlows,
      registrations: createRegistrationRepository(db),
      hasher,
    }),
    emailChange: createEmailChangeService({
      ...linkFlows,
      changes: createEmailChangeRepository(db),
      counter: resets,
      throttle,
      hasher,
    }),
  };
}

export async function createServices(database: Database, config: Config, ports: AppPorts = {}) {
  const logger = pino(loggerOptions(config.logLevel), stdoutLog());
  const base: Base = {
    database,
    config,
    clock: ports.clock ?? systemClock,
    random: ports.random ?? systemRandom,
    hasher: ports.hasher ?? argon2Hasher,
    log: ports.log ?? ((details, message) => logger.warn(details, message)),
    repositories: createRepositories(database),
  };
  const foundation = foundationServices(base);
  const directory = directoryServices(base, foundation);
  const people = userServices(base, foundation, directory);
  const accounting = createAccountingServices({
    database,
    config,
    users: people.users,
    groups: people.groups,
    audit: foundation.audit,
    clock: base.clock,
    random: base.random,
    settings: foundation.settings,
    log: base.log,
  });
  // Built after the accounts: an import stores the balance and restricted columns through them.
  const batchImport = createBatchImportService({
    database,
    settings: foundation.settings,
    audit: foundation.audit,
    sources: directory.sources,
    hasher: base.hasher,
    clock: base.clock,
    accounts: accounting.accounts,
  });
  return {
    ...foundation,
    ...directory,
    ...people,
    ...linkServices(base, foundation, people),
    batchImport,
    batchImportPreviews: createBatchImportPreviewsService({
      repository: createBatchImportPreviewsRepository(database.db),
      batchImport,
      clock: base.clock,
      random: base.random,
    }),
    ops: createOpsRepository(database),
    instances: createInstancesRepository(database.db),
    ...accounting,
    stationSessions: createStationSessionsService({ sessions: foundation.sessions, clock: base.clock }),
    /** The one "now" of pages (relative times), so tests that pin the clock pin them too. */
    clock: base.clock,
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;

export interface App {
  config: Config;
  database: Database;
  services: Services;
  /** Migrations this start-up applied (usually none); `quire migrate` reports them. */
  migrations: string[];
  close(): Promise<void>;
}

export async function createApp(config: Config, ports: AppPorts = {}): Promise<App> {
  const database = await openDatabase(config.databaseUrl);
  let migrations: string[];
  try {
    migrations = await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const services = await createServices(database, config, ports);
  return {
    config,
    database,
    services,
    migrations,
    async close() {
      await services.sources.closeAll();
      await database.close();
    },
  };
}
