/**
 * The child process of `npm run bench:sync`: one Quire app on one database, synchronizing one
 * source (OpenLDAP, or Entra ID on the bench's local Graph server) whenever the parent asks
 * (sync-worker.client.ts). It runs apart from the benchmark so that its peak resident memory
 * (maxRSS) is the sync's own, not that of the bench holding the results.
 *
 *   parent → { type: 'setup', … }          child → { type: 'ready', memory }
 *   parent → { type: 'sync', label }        child → { type: 'phase', … }*, { type: 'synced', … }
 *   parent → { type: 'close' }              child → { type: 'closed' } and exits
 *   any failure                             child → { type: 'failed', message }
 *
 * The sync service is the app's own code, built from the same parts as the app's composition
 * root, except that the staging repository is wrapped to time each of its calls: that is how a
 * slow phase gets traced to one SQL statement.
 */
import { createApp, type App } from '../app.js';
import { argon2Hasher } from '../passwords/password-hasher.js';
import { loadConfig } from '../config.js';
import { systemClock } from '../ports.js';
import { createSyncLeaseRepository } from '../sync/sync-lease.repository.js';
import { createSyncRunsRepository } from '../sync/sync-runs.repository.js';
import { createSyncApplyRepository } from '../sync/sync-apply.repository.js';
import { createSyncCompareRepository } from '../sync/sync-compare.repository.js';
import type { SyncReport } from '../sync/sync-run.js';
import { createSyncStageRepository } from '../sync/sync-stage.repository.js';
import { createSyncService, type SyncService } from '../sync/sync.service.js';
import { now } from './stats.js';
import { onParentMessages, workerMemory as memory, type WorkerMemory } from './worker-support.js';
import { ldapKind } from '../directory/ldap/ldap.kind.js';
import { entraIdKind } from '../directory/entra-id/entra-id.kind.js';
import type { SourceRow } from '../db/schema.js';

/** The source a worker synchronizes. */
export type WorkerSource =
  | { kind: 'ldap'; url: string; bindDn: string; bindPassword: string; baseDn: string; pageSize: number }
  | {
      kind: 'entra-id';
      url: string;
      tenantId: string;
      clientId: string;
      clientSecret: string;
      pageSize: number;
    };

export interface WorkerSetup {
  type: 'setup';
  dataDir: string;
  databaseUrl: string;
  source: WorkerSource;
}

export type ParentMessage = WorkerSetup | { type: 'sync'; label: string } | { type: 'close' };

/** Time spent in one staging-repository method during one sync. */
export interface CallTiming {
  name: string;
  count: number;
  ms: number;
}

export type { WorkerMemory } from './worker-support.js';

export type SyncCounts = Pick<
  SyncReport,
  | 'status'
  | 'message'
  | 'added'
  | 'updated'
  | 'renamed'
  | 'disabled'
  | 'deleted'
  | 'unchanged'
  | 'conflicts'
  | 'errors'
  | 'missing'
  | 'groups'
>;

export type WorkerMessage =
  | { type: 'ready'; memory: WorkerMemory }
  /** The run entered a phase (first onProgress call with that phase), ms after the sync began. */
  | { type: 'phase'; label: string; phase: string; atMs: number }
  /** A staging call is about to start: if it never ends, the parent knows which one hangs. */
  | { type: 'call'; label: string; name: string; atMs: number }
  | {
      type: 'synced';
      label: string;
      ms: number;
      report: SyncCounts;
      phases: { phase: string; atMs: number }[];
      calls: CallTiming[];
      memory: WorkerMemory;
    }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

const actor = { username: 'bench', ip: '127.0.0.1' };

const send = (message: WorkerMessage) => process.send!(message);

/** What the staging repository is being timed for: the current sync's label, its start and totals. */
interface Tracer {
  label: string;
  started: number;
  calls: Map<string, CallTiming>;
}

/** Wraps every method of a repository (all async) so each call's time adds to the tracer's totals. */
function timedRepository<T extends object>(repository: T, tracer: Tracer): T {
  const wrapped = Object.entries(repository).map(([name, method]) => {
    // withRun spans the whole run: the calls inside it are what is timed.
    if (typeof method !== 'function' || name === 'withRun') return [name, method];
    return [
      name,
      async (...args: unknown[]) => {
        const t0 = now();
        send({ type: 'call', label: tracer.label, name, atMs: t0 - tracer.started });
        try {
          return await (method as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
        } finally {
          const timing = tracer.calls.get(name) ?? { name, count: 0, ms: 0 };
          timing.count += 1;
          timing.ms += now() - t0;
          tracer.calls.set(name, timing);
        }
      },
    ];
  });
  return Object.fromEntries(wrapped) as T;
}

let app: App | null = null;
let sync: SyncService | null = null;
let sourceId = 0;

function addSource(source: WorkerSource): Promise<SourceRow> {
  const { sources } = app!.services;
  if (source.kind === 'ldap')
    return sources.add(
      ldapKind,
      {
        name: 'Bench OpenLDAP',
        preset: 'openldap',
        urls: [source.url],
        startTls: false,
        bindDn: source.bindDn,
        bindPassword: source.bindPassword,
        baseDns: [source.baseDn],
        pageSize: source.pageSize,
      },
      actor,
    );
  return sources.add(
    entraIdKind,
    {
      name: 'Bench Entra ID',
      tenantId: source.tenantId,
      clientId: source.clientId,
      clientSecret: source.clientSecret,
      certificatePem: '',
      privateKeyPem: '',
      graphUrl: source.url,
      loginUrl: source.url,
      pageSize: source.pageSize,
    },
    actor,
  );
}
const tracer: Tracer = { label: '', started: 0, calls: new Map() };

async function setup(message: WorkerSetup): Promise<void> {
  app = await createApp(
    loadConfig({
      QUIRE_DATA_DIR: message.dataDir,
      QUIRE_DATABASE_URL: message.databaseUrl,
      QUIRE_LOG_LEVEL: 'silent',
    }),
  );
  const { db } = app.database;
  const { sources, users, audit } = app.services;
  sync = createSyncService({
    db,
    runs: createSyncRunsRepository(db),
    stage: timedRepository(createSyncStageRepository(app.database), tracer),
    compare: timedRepository(createSyncCompareRepository(db), tracer),
    apply: timedRepository(createSyncApplyRepository(db), tracer),
    leases: createSyncLeaseRepository(db),
    sources,
    users,
    audit,
    hasher: argon2Hasher,
    clock: systemClock,
  });
  const source = await addSource(message.source);
  // No removal limit worth the name: the benchmark measures speed, not the safety stop.
  await sources.updateSyncOptions(
    source.id,
    {
      missingPolicy: source.missing_policy,
      maxRemovals: 10_000_000,
      maxRemovalsPercent: 100,
      schedule: '',
      importDisabled: source.import_disabled === 1,
      importGroups: [],
    },
    actor,
  );
  sourceId = source.id;
  send({ type: 'ready', memory: memory() });
}

async function runSync(label: string): Promise<void> {
  const source = await app!.services.sources.findById(sourceId);
  if (!source) throw new Error('the benchmark source disappeared');
  const phases: { phase: string; atMs: number }[] = [];
  Object.assign(tracer, { label, started: now(), calls: new Map() });
  const report = await sync!.run(source, {
    dryRun: false,
    actor,
    onProgress: (phase) => {
      if (phases.at(-1)?.phase === phase) return;
      const atMs = now() - tracer.started;
      phases.push({ phase, atMs });
      send({ type: 'phase', label, phase, atMs });
    },
  });
  const ms = now() - tracer.started;
  const {
    status,
    message,
    added,
    updated,
    renamed,
    disabled,
    deleted,
    unchanged,
    conflicts,
    errors,
    missing,
    groups,
  } = report;
  send({
    type: 'synced',
    label,
    ms,
    report: {
      status,
      message,
      added,
      updated,
      renamed,
      disabled,
      deleted,
      unchanged,
      conflicts,
      errors,
      missing,
      groups,
    },
    phases,
    calls: [...tracer.calls.values()].sort((a, b) => b.ms - a.ms),
    memory: memory(),
  });
}

onParentMessages<ParentMessage>(
  async (message) => {
    if (message.type === 'setup') await setup(message);
    else await runSync(message.label);
  },
  async () => app?.close(),
);
