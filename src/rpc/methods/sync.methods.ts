/** PaperCut's user/group synchronization methods: start a sync of every source, ask how the last went. */
import type { SourceRow } from '../../db/schema.js';
import { ConflictError } from '../../errors.js';
import type { ApiContext, ApiMethod } from '../papercut-call.js';
import { b, bool } from './args.js';

/** Starts a sync of every source in order, in the background; the run pages and getTaskStatus report on it. */
async function startSyncAll(
  context: ApiContext,
  adjust: (source: SourceRow) => SourceRow = (source) => source,
): Promise<boolean> {
  const { sources, sync } = context.services;
  const list = await sources.list();
  if (list.length === 0)
    throw new ConflictError('No directory source is configured; add one under User/Group Sync.');
  const runAll = async () => {
    const failed: string[] = [];
    for (const source of list) {
      // One failed source (its run row records why) does not stop the next.
      const report = await sync
        .run(adjust(source), { dryRun: false, actor: context.actor })
        .catch(() => undefined);
      if (report?.status !== 'succeeded') failed.push(source.name);
    }
    return failed;
  };
  if (!context.waitForTasks) {
    void runAll();
    return true;
  }
  const failed = await runAll();
  if (failed.length > 0)
    throw new ConflictError(
      `The synchronization of ${failed.join(', ')} did not succeed; its run page in User/Group Sync says why.`,
    );
  return true;
}

export const SYNC_METHODS: ApiMethod[] = [
  { name: 'api.performUserAndGroupSync', params: [], run: async (c) => startSyncAll(c) },
  {
    name: 'api.performUserAndGroupSyncAdvanced',
    params: [bool('deleteNonExistentUsers'), bool('updateUserDetails')],
    // Quire always takes details from the directory (it owns them), so updateUserDetails is
    // accepted and has no effect. Deleting still stops at the source's removal limit.
    run: async (c, [remove]) =>
      startSyncAll(c, (source) => ({
        ...source,
        missing_policy: b(remove)
          ? 'delete'
          : source.missing_policy === 'delete'
            ? 'disable'
            : source.missing_policy,
      })),
  },
  {
    name: 'api.getTaskStatus',
    params: [],
    // PaperCut's ServerCommandProxy calls it without a token; it tells only how the last sync went.
    tokenOptional: true,
    run: async (c) => {
      const [latest] = await c.services.sync.listRuns(undefined, 1);
      if (!latest) return { completed: true, message: 'No task has run yet.' };
      const state =
        latest.status === 'running' ? `Synchronizing (${latest.phase})` : `Synchronization ${latest.status}`;
      // The run's message can name directory servers and bind DNs: only for a caller with a token.
      return {
        completed: latest.status !== 'running',
        message: c.anonymous ? `${state}.` : `${state}: ${latest.message}`.trim(),
      };
    },
  },
];
