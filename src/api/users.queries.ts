/**
 * Keyset paging of users for the REST API: pages in username order that start after the last
 * username of the previous page. users.repository.ts pages the Admin Console with OFFSET (it
 * jumps to page N and sorts by any column); an API client walking every user needs a cursor that
 * costs the same on the last page as on the first, so this query lives here, beside its only
 * caller.
 *
 *   const { rows, hasMore } = await pageUsers(db, { after: 'bob', limit: 100, query: 'ma' });
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB, UserRow } from '../db/schema.js';

export interface UserPageQuery {
  /** Only usernames after this one. */
  after?: string;
  limit: number;
  /** Quick find, as in the Admin Console: a prefix of username, full name, email or a card number. */
  query?: string;
  source?: 'internal' | number;
  disabled?: boolean;
}

const QUICK_COLUMNS = ['full_name_key', 'email_key', 'card_number', 'card_number2'] as const;

export async function pageUsers(
  db: Kysely<DB>,
  page: UserPageQuery,
): Promise<{ rows: UserRow[]; hasMore: boolean }> {
  const q = (page.query ?? '').trim().toLowerCase();
  const take = page.limit + 1;
  const filters = (eb: ExpressionBuilder<DB, 'users'>) => {
    const all = [];
    if (page.after !== undefined) all.push(eb('username', '>', page.after));
    if (page.source === 'internal') all.push(eb('source_id', 'is', null));
    else if (typeof page.source === 'number') all.push(eb('source_id', '=', page.source));
    if (page.disabled !== undefined) all.push(eb('disabled', '=', page.disabled ? 1 : 0));
    return eb.and(all);
  };

  let rows: UserRow[];
  if ([...q].length >= 2) {
    // As the Admin Console's quick find: each column yields its first matches after the cursor,
    // in username order, from its own index (username, or the quick index led by the query's
    // first two characters); the page is cut from their union. The work is bounded by the page.
    const end = q + '\u{10FFFF}';
    const head = [...q].slice(0, 2).join('');
    const branches = [
      db
        .selectFrom('users')
        .select('id')
        .where(filters)
        .where('username', '>=', q)
        .where('username', '<', end)
        .orderBy('username')
        .limit(take),
      ...QUICK_COLUMNS.map((column) =>
        db
          .selectFrom('users')
          .select('id')
          .where(filters)
          .where(sql<string>`substr(${sql.ref(column)}, 1, 2)`, '=', head)
          .where(column, '>=', q)
          .where(column, '<', end)
          .orderBy('username')
          .limit(take),
      ),
    ];
    // Kysely puts each branch in parentheses: `select id from (…) b0 union select id from (…) b1 …`.
    const union = sql.join(
      branches.map((branch, i) => sql`select id from ${branch} ${sql.raw(`b${i}`)}`),
      sql` union `,
    );
    rows = await db
      .selectFrom('users')
      .selectAll()
      .where('id', 'in', sql<number>`(${union})`)
      .orderBy('username')
      .limit(take)
      .execute();
  } else {
    let query = db.selectFrom('users').selectAll().where(filters);
    if (q !== '') {
      const end = q + '\u{10FFFF}';
      query = query.where((eb) =>
        eb.or(
          (['username', ...QUICK_COLUMNS] as const).map((column) =>
            eb.and([eb(column, '>=', q), eb(column, '<', end)]),
          ),
        ),
      );
    }
    rows = await query.orderBy('username').limit(take).execute();
  }
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
