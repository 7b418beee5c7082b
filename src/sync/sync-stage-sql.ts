/**
 * SQL pieces shared by the sync's repositories (sync-stage, sync-compare, sync-apply): which
 * user columns a directory provides, how a stored value differs from a staged one, and the
 * chunking that keeps `in (…)` lists within both databases' parameter limits.
 *
 *   sql`… where ${differs('u')}`; // a matched user `u` whose details differ from its staged row `s`
 *   for (const chunk of chunks(ids)) await …where('id', 'in', chunk)…;
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

export type Executor = Kysely<DB> | Transaction<DB>;

export const DETAIL_COLUMNS = [
  'full_name',
  'email',
  'department',
  'office',
  'card_number',
  'card_number2',
] as const;
/**
 * Properties a source may or may not list (PaperCut's optional columns): a listed value replaces
 * the stored one, an empty one keeps it, since an administrator, a batch import or the user may
 * have set it in Quire. Staged column → users column, and the name a report shows.
 */
export const KEPT_COLUMNS: [stage: string, user: string][] = [
  ['other_emails', 'other_emails'],
  ['username_alias', 'username_alias'],
  ['home_folder', 'home_folder'],
  ['pin_hash', 'card_pin_hash'],
];
/** A listed value that differs from the stored one (coalesce: a NULL PIN hash differs from any listed one). */
export const keptDiffers = (u: string) => (stage: string, user: string) =>
  sql`(s.${sql.ref(stage)} <> '' and coalesce(${sql.ref(`${u}.${user}`)}, '') <> s.${sql.ref(stage)})`;
const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Whether a matched user's stored details differ from the staged ones (`u`: the users table's alias). */
export const differs = (u: string) =>
  sql.join(
    [
      ...DETAIL_COLUMNS.map((c) => sql`${sql.ref(`${u}.${c}`)} <> s.${sql.ref(c)}`),
      ...KEPT_COLUMNS.map(([stage, user]) => keptDiffers(u)(stage, user)),
    ],
    sql` or `,
  );

export const inList = (ids: number[]): RawBuilder<unknown> => sql.join(ids.map((id) => sql`${id}`));
