/**
 * What each line of a batch import will do (see batch-import.service.ts for PaperCut's semantics):
 * the file read in chunks, each line decided against the user it names — create, update,
 * unchanged, skipped or rejected. The service runs the same decisions for its preview, its hash
 * pass and inside its transaction.
 *
 *   for await (const chunk of chunksOf(input, 'user-update'))
 *     for (const { row, plan } of await planChunk(repository, context, chunk, db)) …
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { PasswordOptions } from '../passwords/password-policy.js';
import { passwordProblem, policyFor } from '../passwords/password-policy.js';
import {
  parseBatchLines,
  type BatchFormat,
  type BatchLine,
  type BatchRecords,
  type InternalUserRecord,
} from './batch-import.parser.js';
import {
  BATCH_CHUNK,
  type BatchImportRepository,
  type ExistingUser,
  type UserPatch,
} from './batch-import.repository.js';
import { detailsToRow, SOURCE_OWNED_FIELDS, type UserDetails } from './user-details.js';
import { lookalikeProblem, usernameSkeleton } from './username.js';
import { findLookalikes } from './users.repository.js';

export interface BatchOptions {
  /** user-update: create users the file names but Quire does not have (PaperCut's createNewUsers). */
  createNewUsers?: boolean;
  /** internal-users: replace existing users' passwords and PINs; card-numbers: replace existing PINs. */
  overwriteExisting?: boolean;
}

/** A factory, since the file is read more than once: `() => createReadStream(path)`. */
export type BatchInput = () => AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream;

/** What one line will do. Passwords and PINs are in memory only for the chunk being worked on. */
export type Plan =
  | { kind: 'rejected'; reason: string }
  | { kind: 'skipped' | 'unchanged' }
  | {
      kind: 'create';
      username: string;
      details: UserDetails;
      password?: string;
      pin?: string;
      /** The account's last day, when the file gives one. */
      expiryDate?: string;
    }
  | { kind: 'update'; user: ExistingUser; patch: UserPatch; password?: string; pin?: string };

type AnyRecord = BatchRecords[BatchFormat];
export type Row = BatchLine<AnyRecord>;

export interface Context {
  format: BatchFormat;
  options: BatchOptions;
  passwordOptions: PasswordOptions;
  sourceNames: Map<number, string>;
  /** Skeleton → the first name the file creates with it (see newLookalike). */
  newSkeletons: Map<string, string>;
}

const FIELD_LABELS: Record<(typeof SOURCE_OWNED_FIELDS)[number], string> = {
  fullName: 'full name',
  email: 'email',
  department: 'department',
  office: 'office',
  cardNumber: 'primary card/ID number',
  cardNumber2: 'secondary card/ID number',
};

/** The expiry column of a line: a day, '' to clear it ("never"), undefined when empty. */
function expiryOf(record: AnyRecord): string | undefined {
  return 'expiryDate' in record ? record.expiryDate : undefined;
}

/** The columns of a patch that differ from the stored user (details and expiry; hashes are added later). */
function changedDetails(user: ExistingUser, details: UserDetails, expiry?: string): UserPatch {
  const patch: UserPatch = { username: user.username };
  if (expiry !== undefined && expiry !== (user.expiry_date ?? '')) patch.expiry_date = expiry;
  const row = detailsToRow(details) as Record<string, string | undefined>;
  const stored = user as unknown as Record<string, unknown>;
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined || column.endsWith('_key')) continue;
    if (stored[column] !== value) {
      (patch as unknown as Record<string, string>)[column] = value;
      if (column === 'full_name' || column === 'email')
        (patch as unknown as Record<string, string>)[`${column}_key`] = row[`${column}_key`]!;
    }
  }
  return patch;
}

function detailsOf(record: AnyRecord): UserDetails {
  const { fullName, email, department, office, notes, cardNumber, cardNumber2 } = record as UserDetails;
  const details: UserDetails = { fullName, email, department, office, notes, cardNumber, cardNumber2 };
  for (const key of Object.keys(details) as (keyof UserDetails)[])
    if (details[key] === undefined) delete details[key];
  return details;
}

function sourceName(context: Context, user: ExistingUser): string {
  return context.sourceNames.get(user.source_id ?? -1) ?? 'its directory source';
}

/** The decision table for one parsed line and the user it names (if any). */
function planLine(context: Context, record: AnyRecord, user: ExistingUser | undefined): Plan {
  const { format, options } = context;
  const details = detailsOf(record);
  const pin = 'pin' in record ? record.pin : undefined;
  const expiry = expiryOf(record);
  const created = (extra: { password?: string }): Plan => ({
    kind: 'create',
    username: record.username,
    details,
    ...extra,
    pin,
    ...(expiry ? { expiryDate: expiry } : {}),
  });
  const checkPassword = (password: string): Plan | null => {
    const problem = passwordProblem(password, policyFor(context.passwordOptions, record.username));
    return problem
      ? { kind: 'rejected', reason: `The password of ${record.username} is refused: ${problem}` }
      : null;
  };

  if (format === 'internal-users') {
    const { password } = record as InternalUserRecord;
    if (user && user.source_id !== null)
      return {
        kind: 'rejected',
        reason: `${user.username} is synchronized from ${sourceName(context, user)}; its details are managed there.`,
      };
    if (!user) return checkPassword(password) ?? created({ password });
    const overwrite = Boolean(options.overwriteExisting);
    if (overwrite) {
      const refused = checkPassword(password);
      if (refused) return refused;
    }
    const patch = changedDetails(user, details, expiry);
    const setPin = pin !== undefined && (overwrite || !user.has_pin);
    if (Object.keys(patch).length === 1 && !overwrite && !setPin) return { kind: 'unchanged' };
    return {
      kind: 'update',
      user,
      patch,
      password: overwrite ? password : undefined,
      pin: setPin ? pin : undefined,
    };
  }

  if (!user) {
    if (format === 'card-numbers')
      return { kind: 'rejected', reason: `There is no user named ${record.username}.` };
    return options.createNewUsers ? created({}) : { kind: 'skipped' };
  }

  if (user.source_id !== null) {
    const owned = SOURCE_OWNED_FIELDS.filter(
      (key) =>
        details[key] !== undefined && Object.keys(changedDetails(user, { [key]: details[key] })).length > 1,
    );
    if (owned.length > 0) {
      const list = owned.map((key) => FIELD_LABELS[key]).join(', ');
      return {
        kind: 'rejected',
        reason: `The ${list} of ${user.username} ${owned.length > 1 ? 'are' : 'is'} managed by ${sourceName(context, user)} and cannot be changed by an import.`,
      };
    }
  }
  const patch = changedDetails(user, details, expiry);
  // user-update sets a PIN the file gives (PaperCut's user import has no overwrite option);
  // card-numbers keeps an existing PIN unless told to overwrite it (overwriteExistingPINs).
  const setPin =
    pin !== undefined && (format === 'user-update' || options.overwriteExisting || !user.has_pin);
  if (Object.keys(patch).length === 1 && !setPin) return { kind: 'unchanged' };
  return { kind: 'update', user, patch, pin: setPin ? pin : undefined };
}

/** Parsed lines in chunks of BATCH_CHUNK: memory holds one chunk, never the file. */
export async function* chunksOf(input: BatchInput, format: BatchFormat): AsyncGenerator<Row[]> {
  let chunk: Row[] = [];
  for await (const row of parseBatchLines(input(), format)) {
    chunk.push(row as Row);
    if (chunk.length >= BATCH_CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * A name this file already creates that looks like `name` (two new users "coco" and "сосо"), or
 * undefined; remembers `name` as created. Kept for the whole file, so chunks see each other.
 */
function newLookalike(context: Context, name: string): string | undefined {
  const skeleton = usernameSkeleton(name);
  const earlier = context.newSkeletons.get(skeleton);
  if (earlier !== undefined && earlier !== name) return earlier;
  context.newSkeletons.set(skeleton, name);
  return undefined;
}

/** Decides every line of a chunk against the users as `executor` sees them. */
export async function planChunk(
  repository: Pick<BatchImportRepository, 'findByUsernames'>,
  context: Context,
  chunk: Row[],
  executor: Kysely<DB> | Transaction<DB>,
): Promise<{ row: Row; plan: Plan }[]> {
  const names = chunk.flatMap((row) => (row.ok ? [row.record.username] : []));
  const users = new Map((await repository.findByUsernames(names, executor)).map((u) => [u.username, u]));
  const lookalikes =
    context.format === 'internal-users'
      ? await findLookalikes(
          names.filter((name) => !users.has(name)),
          executor,
        )
      : new Map<string, string>();
  return chunk.map((row) => {
    if (!row.ok) return { row, plan: { kind: 'rejected', reason: row.reason } };
    const plan = planLine(context, row.record, users.get(row.record.username));
    const lookalike =
      plan.kind === 'create'
        ? (lookalikes.get(row.record.username) ?? newLookalike(context, row.record.username))
        : undefined;
    return {
      row,
      plan:
        lookalike === undefined
          ? plan
          : {
              kind: 'rejected',
              reason: `The username "${row.record.username}" is refused. ${lookalikeProblem(lookalike)}`,
            },
    };
  });
}
