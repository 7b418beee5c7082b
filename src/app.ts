/**
 * Composition root: opens the database, runs migrations, builds repositories and services.
 * The HTTP server (http/server.ts) and the CLI (main.ts) both start from here; the foundation,
 * sources and users are built by app-core.ts, which a CLI command that needs no more opens alone.
 *
 *   const app = await createApp(loadConfig());
 *   await app.services.users.createInternal({ … }, actor);
 *   await app.close();
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  createBase,
  foundationServices,
  identityProvidersService,
  openApp,
  sourceAndUserServices,
  type AppPorts,
  type Base,
  type Foundation,
  type OpenApp,
} from './app-core.js';
import { createApiTokensRepository } from './api-tokens/api-tokens.repository.js';
import { createApiTokensService } from './api-tokens/api-tokens.service.js';
import { createOpsRepository } from './ops/ops.repository.js';
import { createInstancesRepository } from './ops/instances.repository.js';
import { createAuthService } from './auth/auth.service.js';
import { createTwoFactorRepository } from './auth/two-factor/two-factor.repository.js';
import { createTwoFactorService } from './auth/two-factor/two-factor.service.js';
import { createSecurityKeysService } from './auth/two-factor/security-keys.service.js';
import { createPasswordResetRepository } from './passwords/password-reset.repository.js';
import { createPasswordResetService } from './passwords/password-reset.service.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { MailLog } from './mail/mail.service.js';
import type { Clock, Random } from './ports.js';
import { effectiveTimeZone, type SettingsService } from './settings/settings.service.js';
import { createSetupService } from './setup/setup.service.js';
import { createSyncService } from './sync/sync.service.js';
import { createRegistrationRepository } from './users/registration.repository.js';
import { createRegistrationService } from './users/registration.service.js';
import { expiryCheck } from './users/account-expiry.js';
import { createBatchImportPreviewsRepository } from './users/batch-import-previews.repository.js';
import { createBatchImportPreviewsService } from './users/batch-import-previews.service.js';
import { createBatchImportService } from './users/batch-import.service.js';
import { createGroupsRepository } from './groups/groups.repository.js';
import { createGroupsService } from './groups/groups.service.js';
import { createEmailChangeRepository } from './users/email-change.repository.js';
import { createEmailChangeService } from './users/email-change.service.js';
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

export type { AppPorts } from './app-core.js';

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

/** The sign-in providers (OIDC, SAML) over the directory sources, and single sign-on. */
async function signInServices(
  base: Base,
  foundation: Foundation,
  { sources }: ReturnType<typeof sourceAndUserServices>,
) {
  const { database, config, clock, random, repositories } = base;
  const { audit, expired } = foundation;
  const sso = createSsoService({
    requests: createSsoRequestsRepository(database.db),
    users: repositories.users,
    oidc: createOidcClient(),
    audit,
    clock,
    random,
    publicUrl: config.publicUrl,
    starts: repositories.throttle,
    expired,
  });
  return { identityProviders: await identityProvidersService(base, foundation, sources), sso };
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

/** Groups, how users sign in, are set up and synchronized; API tokens. */
function userServices(
  base: Base,
  foundation: Foundation,
  { sources, users }: ReturnType<typeof sourceAndUserServices>,
) {
  const { database, clock, random, hasher, repositories } = base;
  const { audit, settings, throttle, expired } = foundation;
  const { db } = database;
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
  { passwords }: ReturnType<typeof sourceAndUserServices>,
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
  const base = createBase(database, config, ports);
  const foundation = foundationServices(base);
  // signIn is built below (its providers read the sources); by the time a source is removed it exists.
  const core = sourceAndUserServices(base, foundation, (sourceId, actor) =>
    signIn.identityProviders.disableForSource(sourceId, actor),
  );
  const signIn = await signInServices(base, foundation, core);
  const people = { ...core, ...userServices(base, foundation, core) };
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
    sources: core.sources,
    hasher: base.hasher,
    clock: base.clock,
    accounts: accounting.accounts,
  });
  return {
    ...foundation,
    ...signIn,
    ...people,
    ...linkServices(base, foundation, core),
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

export type App = OpenApp<Services>;

export function createApp(config: Config, ports: AppPorts = {}): Promise<App> {
  return openApp(config, ports, (database, withLog) => createServices(database, config, withLog));
}
