/**
 * The database's last check on text: a Kysely plugin that refuses every query built through Kysely
 * (query builder and sql`` templates alike) whose parameters hold a string neither database can
 * store faithfully: NUL, which PostgreSQL refuses and SQLite keeps, or an unpaired surrogate, which
 * both drivers silently turn into U+FFFD. Strings inside array parameters count too (PostgreSQL
 * bulk inserts bind a whole column as one text[] for unnest). The services check each field first
 * with a message beside it (src/text.ts); this makes a field they missed a 400 that is the same on
 * both databases, never a 500 on PostgreSQL and stored data on SQLite. Reads are checked too: a
 * search for "a\u0000" must not be a 500 either.
 *
 * Not covered: what never passes through Kysely — statements prepared directly on the
 * better-sqlite3 handle and PostgreSQL's COPY (the sync's staging insert in
 * src/sync/sync-stage.repository.ts, the bench seeder); their callers check the text themselves
 * (the sync's toStageUser). Nor are results checked.
 *
 *   new Kysely<DB>({ dialect, plugins: [textGuard] });
 */
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { AppError } from '../errors.js';
import { isStorableText } from '../text.js';

export class UnstorableTextError extends AppError {
  constructor() {
    super(
      'unstorable_text',
      400,
      'The request holds text with a NUL character or a broken (unpaired surrogate) character, which cannot be stored. Nothing was changed.',
    );
  }
}

/** A string, or an array (of arrays) of strings, holds only storable text; other values pass. */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  // A plain loop, no callback: this runs for every parameter of every query.
  if (Array.isArray(value)) {
    for (const item of value) if (!storable(item)) return false;
  }
  return true;
}

/** Walks the operation tree without copying it: only values (ValueNode, value lists) carry strings from outside. */
function check(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) check(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const kind = (node as OperationNode).kind;
  if (kind === 'ValueNode') {
    if (!storable((node as { value: unknown }).value)) throw new UnstorableTextError();
    return;
  }
  if (kind === 'PrimitiveValueListNode') {
    if (!(node as { values: readonly unknown[] }).values.every(storable)) throw new UnstorableTextError();
    return;
  }
  for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) check(value);
}

export const textGuard: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    check(args.node);
    return args.node;
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  },
};
