/**
 * Step one of a sync run: read the source's users and groups page by page into the staging
 * tables, reporting entries that cannot be stored. Nothing outside the staging tables changes.
 *
 *   const readDirectory = createSyncReader({ stage, compare, sources, hasher });
 *   const { users, groups } = await readDirectory(context); // entries read, groups staged
 */
import { createLimiter, type PasswordHasher } from '../passwords/password-hasher.js';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory/directory.port.js';
import type { SourcesService } from '../directory/sources.service.js';
import { SourceError } from '../errors.js';
import { isStorableText, storableText, textProblem } from '../text.js';
import { usernameScripts } from '../users/username.js';
import type { SyncCompareRepository } from './sync-compare.repository.js';
import type { LineFn, RunContext } from './sync-run.js';
import { toStageUser } from './sync-stage-user.js';
import type { StageUser, SyncStageRepository } from './sync-stage.repository.js';

/** Listed card PINs checked or hashed at once, of libuv's 4 pool threads: two are left for sign-ins. */
const PIN_HASHES_AT_ONCE = 2;

/** How much a run read: directory entries (users) and staged groups. */
export interface ReadCounts {
  users: number;
  groups: number;
}

export function createSyncReader(deps: {
  stage: SyncStageRepository;
  compare: SyncCompareRepository;
  sources: Pick<SourcesService, 'clientFor'>;
  /** Hashes listed card PINs as setCardPin does, and checks whether a stored one still matches. */
  hasher: PasswordHasher;
}) {
  const { stage, compare, sources, hasher } = deps;
  // Every sync of this process together checks at most PIN_HASHES_AT_ONCE PINs at a time: argon2
  // runs on libuv's pool (4 threads by default), and a page of 500 PINs all at once would queue
  // every sign-in behind the sync for seconds.
  const pinLimit = createLimiter(PIN_HASHES_AT_ONCE);

  /**
   * A directory's names are its own to choose, so a name that mixes scripts or looks like another
   * user's is imported, not refused as a new internal name would be: the report warns about it.
   */
  function warnMixedScripts(rows: StageUser[], line: LineFn): void {
    for (const row of rows) {
      if (row.status === 'problem') continue;
      const scripts = usernameScripts(row.username);
      if (scripts.length > 1)
        line(
          'warning',
          row.username,
          `The username mixes scripts (${scripts.join(', ')}), so it can look like another name.`,
        );
    }
  }

  /**
   * Once every user is staged, one statement finds the staged names that look like a stored
   * user's (a Latin "admin" beside a stored Cyrillic "аdmin"): a lookup per page cost a statement
   * per 500 users, most of a PostgreSQL re-sync's reading time after the inserts.
   */
  async function warnLookalikes(context: RunContext): Promise<void> {
    for (const { username, other } of await compare.lookalikes(context.staging))
      context.line('warning', username, `The username looks like the existing user "${other}".`);
  }

  /**
   * Puts each listed PIN's hash on its staged row: the stored hash when the PIN still verifies
   * against it (so an unchanged PIN is no change), else a new argon2id hash. The plain PIN never
   * reaches the database. Costs one argon2 call per listed PIN and run, at most two at a time (see
   * pinLimit); a dry run hashes nothing new, since it only needs to know that a PIN changed. An
   * empty listed PIN costs nothing and keeps the stored hash (or none).
   */
  async function stagePins(
    sourceId: number,
    rows: StageUser[],
    pins: string[],
    dryRun: boolean,
  ): Promise<void> {
    const listed = rows.flatMap((row, i) => (row.status === 'ok' && pins[i] ? [{ row, pin: pins[i] }] : []));
    if (listed.length === 0) return;
    const stored = await compare.pinHashes(
      sourceId,
      listed.map(({ row }) => row.external_id),
    );
    await Promise.all(
      listed.map(({ row, pin }) =>
        pinLimit(async () => {
          const current = stored.get(row.external_id);
          if (current !== undefined && (await hasher.verify(current, pin))) row.pin_hash = current;
          else row.pin_hash = dryRun ? 'changed' : await hasher.hash(pin);
        }),
      ),
    );
  }

  /** Stages one page of users; `read`, how many entries came before it. */
  async function stageUserPage(context: RunContext, page: DirectoryUser[], read: number): Promise<void> {
    const { source, report, line } = context;
    const importDisabled = source.import_disabled === 1;
    const pins: string[] = [];
    const rows = page.map((entry, i) => {
      const { row, problems, notes, pin } = toStageUser(entry, read + i, importDisabled);
      const who = storableText(entry.username) || `(entry ${storableText(entry.ref) || read + i})`;
      for (const problem of problems) {
        report.errors++;
        line('error', who, problem);
      }
      // A left-out optional property (invalid PIN, alias, other email) is no error: the entry
      // is stored, keeping the stored value of that property.
      for (const note of notes) line('warning', who, note);
      pins.push(pin);
      return row;
    });
    warnMixedScripts(rows, line);
    await stagePins(source.id, rows, pins, context.options.dryRun);
    await stage.insertUsers(context.staging, rows);
  }

  async function readUsers(context: RunContext, client: DirectoryClient): Promise<number> {
    let read = 0;
    await context.progress('reading users', 0, true);
    for await (const page of client.users()) {
      await stageUserPage(context, page, read);
      read += page.length;
      await context.progress('reading users', read);
    }
    if (read === 0) throw new SourceError(`"${context.source.name}" returned no users; nothing was changed.`);
    await warnLookalikes(context);
    return read;
  }

  /** Stages one page of groups and their direct members; returns how many groups it kept. */
  async function stageGroupPage(context: RunContext, page: DirectoryGroup[]): Promise<number> {
    const { report, line } = context;
    const groups = page.filter((g) => {
      if (g.name.trim() === '') return false;
      if (textProblem(g.name, { singleLine: true }) || textProblem(g.ref)) {
        report.errors++;
        line(
          'error',
          storableText(g.name),
          "The group's name or id holds a control character or a broken character; the group was skipped.",
        );
        return false;
      }
      return true;
    });
    await stage.insertGroups(
      context.staging,
      groups.map((g) => ({ ref_key: g.ref, name: g.name.trim() })),
    );
    // A member reference no user could have (unstorable text) names nobody: left out.
    await stage.insertMembers(
      context.staging,
      groups.flatMap((g) =>
        g.memberRefs.filter(isStorableText).map((member_ref) => ({ group_ref: g.ref, member_ref })),
      ),
    );
    return groups.length;
  }

  async function readGroups(context: RunContext, client: DirectoryClient, users: number): Promise<number> {
    await context.progress('reading groups', users, true);
    let groups = 0;
    for await (const page of client.groups()) {
      groups += await stageGroupPage(context, page);
      await context.progress('reading groups', users + groups);
    }
    return groups;
  }

  return async function readDirectory(context: RunContext): Promise<ReadCounts> {
    // The one place a run turns its source into a directory client.
    const client = sources.clientFor(context.source);
    const users = await readUsers(context, client);
    return { users, groups: await readGroups(context, client, users) };
  };
}
