/**
 * The Microsoft Graph (Entra ID) part of `npm run bench:sync`: a local Graph server
 * (test-support/graph-server.ts) with 100,000 generated users and 1,000 groups, synchronized by a
 * Quire app in a child process (sync-worker.ts): a first, full delta round, then an
 * incremental round through the stored deltaLink after a few hundred changes.
 *
 * The floor is the raw read of the same pages from the same local server (token, then every users
 * and groups delta page with the same $select and page size, each body read and JSON-parsed, no
 * mapping, no database): ratio = sync time / floor, as the LDAP rows compare against ldapsearch.
 *
 *   const run = await benchGraphDatabase('sqlite', { databaseUrl, dataDir, sizes, log, timeoutMs });
 *   rows.push(...graphRows(run, AIMS));
 */
import { GRAPH_GROUP_SELECT, GRAPH_USER_SELECT } from '../directory/entra-id/graph.client.js';
import { startGraphServer, type GraphServer } from '../test-support/graph-server.js';
import { fixed, now, percentile, type TableRow } from './stats.js';
import type { SyncCounts, WorkerMemory } from './sync-worker.js';
import { SyncWorker, type SyncResult } from './sync-worker.client.js';

type Kind = 'sqlite' | 'postgres';

/** Graph's maximum page size for users. */
export const GRAPH_PAGE_SIZE = 999;
const FLOOR_RUNS = 3;

export interface GraphSizes {
  users: number;
  groups: number;
  membersPerGroup: number;
  /** Changed before the incremental run: department changes, directory disables, new users. */
  changes: { updated: number; disabled: number; added: number };
}

export interface GraphFloor {
  bestMs: number;
  medianMs: number;
  users: number;
  groupEntries: number;
}

export interface GraphRun {
  kind: Kind;
  floor: GraphFloor;
  readyMemory: WorkerMemory;
  /** Each sync with its phases and staging calls, and the Graph objects it transferred. */
  syncs: (SyncResult & { transferred: number })[];
}

/** Reads every page of a full users and groups delta round as a client would, without mapping or storing. */
async function rawRead(graph: GraphServer): Promise<{ ms: number; users: number; groupEntries: number }> {
  const t0 = now();
  const form = new URLSearchParams({
    client_id: graph.credentials.clientId,
    client_secret: graph.credentials.clientSecret,
    scope: `${graph.url}/.default`,
    grant_type: 'client_credentials',
  });
  const tokenResponse = await fetch(`${graph.url}/${graph.credentials.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const readAll = async (first: string) => {
    let objects = 0;
    let next: string | undefined = first;
    while (next) {
      const response = await fetch(next, {
        headers: { authorization: `Bearer ${token}`, prefer: `odata.maxpagesize=${GRAPH_PAGE_SIZE}` },
      });
      const body = JSON.parse(await response.text()) as { value: unknown[]; '@odata.nextLink'?: string };
      objects += body.value.length;
      next = body['@odata.nextLink'];
    }
    return objects;
  };
  const users = await readAll(`${graph.url}/v1.0/users/delta?$select=${GRAPH_USER_SELECT}`);
  const groupEntries = await readAll(`${graph.url}/v1.0/groups/delta?$select=${GRAPH_GROUP_SELECT}`);
  return { ms: now() - t0, users, groupEntries };
}

async function measureFloor(
  graph: GraphServer,
  expectedUsers: number,
  log: (message: string) => void,
): Promise<GraphFloor> {
  const warm = await rawRead(graph);
  if (warm.users !== expectedUsers)
    throw new Error(`the raw Graph read returned ${warm.users} users, not ${expectedUsers}`);
  const times: number[] = [];
  for (let run = 0; run < FLOOR_RUNS; run++) times.push((await rawRead(graph)).ms);
  log(
    `graph floor: raw read of ${warm.users.toLocaleString('en-US')} users + ${warm.groupEntries.toLocaleString('en-US')} group entries: ${times.map((ms) => fixed(ms / 1000, 3)).join(', ')} s`,
  );
  return {
    bestMs: Math.min(...times),
    medianMs: percentile(times, 0.5),
    users: warm.users,
    groupEntries: warm.groupEntries,
  };
}

function check(label: string, report: SyncCounts, expected: Partial<SyncCounts>): void {
  const wrong = Object.entries({ status: 'succeeded', errors: 0, conflicts: 0, ...expected }).filter(
    ([key, value]) => report[key as keyof SyncCounts] !== value,
  );
  if (wrong.length > 0) {
    throw new Error(
      `Graph ${label}: wrong report: ${wrong.map(([key, value]) => `${key} = ${String(report[key as keyof SyncCounts])} (expected ${String(value)})`).join(', ')}. Message: ${report.message}`,
    );
  }
}

/** A fresh Graph server, its floor, and the two syncs of one database. */
export async function benchGraphDatabase(
  kind: Kind,
  options: {
    databaseUrl: string;
    dataDir: string;
    sizes: GraphSizes;
    timeoutMs: number;
    log: (message: string) => void;
    cleanups: (() => Promise<void> | void)[];
  },
): Promise<GraphRun> {
  const { sizes, log } = options;
  const t0 = now();
  const graph = await startGraphServer({
    users: sizes.users,
    groups: sizes.groups,
    membersPerGroup: sizes.membersPerGroup,
  });
  options.cleanups.push(() => graph.stop());
  log(
    `${kind}: local Graph server at ${graph.url} with ${sizes.users.toLocaleString('en-US')} generated users (${fixed((now() - t0) / 1000, 2)} s)`,
  );
  const floor = await measureFloor(graph, sizes.users, log);
  const child = new SyncWorker(`${kind} Graph`, log);
  options.cleanups.push(() => child.kill());
  const ready = await child.request(
    {
      type: 'setup',
      dataDir: options.dataDir,
      databaseUrl: options.databaseUrl,
      source: { kind: 'entra-id', url: graph.url, ...graph.credentials, pageSize: GRAPH_PAGE_SIZE },
    },
    'ready',
    60_000,
  );
  const run: GraphRun = { kind, floor, readyMemory: ready.memory, syncs: [] };
  const sync = async (label: string, expected: Partial<SyncCounts>) => {
    const mark = graph.requests.length;
    const result = await child.request({ type: 'sync', label }, 'synced', options.timeoutMs);
    const transferred = graph.requests.slice(mark).reduce((sum, r) => sum + r.objects, 0);
    log(
      `${kind}: Graph ${label}: ${fixed(result.ms / 1000, 2)} s; ${transferred.toLocaleString('en-US')} objects transferred; ${result.report.message} maxRSS ${fixed(result.memory.maxRssKib / 1024)} MB`,
    );
    log(`${kind}: Graph ${label}: staging calls: ${SyncWorker.callsLine(result)}`);
    run.syncs.push({ ...result, transferred });
    check(label, result.report, expected);
  };
  await sync('first sync', { added: sizes.users, groups: sizes.groups });
  const { updated, disabled, added } = sizes.changes;
  // Spread over the directory (97 is prime to the sizes used, so the users are distinct).
  const spread = (k: number) => graph.userId(((k * 97) % sizes.users) + 1);
  for (let k = 0; k < updated; k++) graph.updateUser(spread(k), { department: 'Department moved' });
  for (let k = updated; k < updated + disabled; k++) graph.updateUser(spread(k), { accountEnabled: false });
  for (let n = 0; n < added; n++)
    graph.addUser({
      userPrincipalName: `newcomer${n}@contoso.example`,
      displayName: `Newcomer ${n}`,
      mail: `newcomer${n}@contoso.example`,
    });
  await sync('delta re-sync', {
    added,
    updated,
    disabled,
    unchanged: sizes.users - updated - disabled,
    groups: sizes.groups,
  });
  await child.request({ type: 'close' }, 'closed', 60_000);
  return run;
}

/** Result rows in the LDAP rows' style: time, users/s, the raw-read floor and the ratio. */
export function graphRows(
  run: GraphRun,
  sizes: GraphSizes,
  aims: { first: number; resync: number },
): TableRow[] {
  const rows: TableRow[] = [];
  const metrics = [
    {
      label: 'first sync',
      metric: `Graph first sync (${sizes.users.toLocaleString('en-US')} added)`,
      aim: aims.first,
    },
    {
      label: 'delta re-sync',
      metric: `Graph delta re-sync (${(sizes.changes.updated + sizes.changes.disabled + sizes.changes.added).toLocaleString('en-US')} changes)`,
      aim: aims.resync,
    },
  ];
  for (const { label, metric, aim } of metrics) {
    const result = run.syncs.find((s) => s.label === label);
    if (!result) continue;
    const ratio = result.ms / run.floor.bestMs;
    const perSecond =
      (result.report.added + result.report.updated + result.report.unchanged + result.report.disabled) /
      (result.ms / 1000);
    rows.push({
      database: run.kind,
      metric,
      value: `${fixed(result.ms / 1000, 2)} s, ${Math.round(perSecond).toLocaleString('en-US')} users/s, ${result.transferred.toLocaleString('en-US')} objects read`,
      floor: `${fixed(run.floor.bestMs / 1000, 2)} s raw Graph read`,
      ratio: `${fixed(ratio)}×`,
      aim: `≤${aim}×`,
      ok: ratio <= aim,
    });
  }
  const last = run.syncs.at(-1);
  if (last) {
    rows.push({
      database: run.kind,
      metric: 'Graph sync process peak RSS (maxRSS)',
      value: `${fixed(last.memory.maxRssKib / 1024)} MB`,
      floor: `${fixed(run.readyMemory.rssKib / 1024)} MB before syncs`,
      ratio: '',
      aim: '<300 MB',
      ok: last.memory.maxRssKib / 1024 < 300,
    });
  }
  return rows;
}
