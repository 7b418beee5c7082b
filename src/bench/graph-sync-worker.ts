/**
 * The child process of the Microsoft Graph part of `npm run bench:sync`: one Quire app on one
 * database, synchronizing one Entra ID source (pointed at the bench's local Graph server) whenever
 * the parent asks, apart from the parent so that its peak memory (maxRSS) is the sync's own.
 *
 *   parent → { type: 'setup', … }     child → { type: 'ready', memory }
 *   parent → { type: 'sync', label }   child → { type: 'synced', label, ms, report, memory }
 *   parent → { type: 'close' }         child → { type: 'closed' } and exits
 *   any failure                        child → { type: 'failed', message }
 */
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { now } from './stats.js';
import type { SyncCounts } from './sync-worker.js';
import { onParentMessages, workerMemory as memory, type WorkerMemory } from './worker-support.js';
import { entraIdKind } from '../directory/entra-id/entra-id.kind.js';

export interface GraphWorkerSetup {
  type: 'setup';
  dataDir: string;
  databaseUrl: string;
  graph: { url: string; tenantId: string; clientId: string; clientSecret: string; pageSize: number };
}

export type GraphParentMessage = GraphWorkerSetup | { type: 'sync'; label: string } | { type: 'close' };

export type GraphWorkerMessage =
  | { type: 'ready'; memory: WorkerMemory }
  | { type: 'synced'; label: string; ms: number; report: SyncCounts; memory: WorkerMemory }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

const actor = { username: 'bench', ip: '127.0.0.1' };
const send = (message: GraphWorkerMessage) => process.send!(message);

let app: App | null = null;
let sourceId = 0;

async function setup(message: GraphWorkerSetup): Promise<void> {
  app = await createApp(
    loadConfig({
      QUIRE_DATA_DIR: message.dataDir,
      QUIRE_DATABASE_URL: message.databaseUrl,
      QUIRE_LOG_LEVEL: 'silent',
    }),
  );
  const { graph } = message;
  const source = await app.services.sources.add(
    entraIdKind,
    {
      name: 'Bench Entra ID',
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      certificatePem: '',
      privateKeyPem: '',
      graphUrl: graph.url,
      loginUrl: graph.url,
      pageSize: graph.pageSize,
    },
    actor,
  );
  // No removal limit worth the name: the benchmark measures speed, not the safety stop.
  await app.services.sources.updateSyncOptions(
    source.id,
    {
      missingPolicy: source.missing_policy,
      maxRemovals: 10_000_000,
      maxRemovalsPercent: 100,
      schedule: '',
      importDisabled: false,
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
  const t0 = now();
  const report = await app!.services.sync.run(source, { dryRun: false, actor });
  const ms = now() - t0;
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
    memory: memory(),
  });
}

onParentMessages<GraphParentMessage>(
  async (message) => {
    if (message.type === 'setup') await setup(message);
    else await runSync(message.label);
  },
  async () => app?.close(),
);
