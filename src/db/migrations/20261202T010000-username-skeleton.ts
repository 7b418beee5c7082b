/**
 * What each username looks like (its skeleton: look-alike letters folded, see usernameSkeleton),
 * indexed, so that a new name is checked against look-alike users with one index lookup instead
 * of scanning the users table. Staged directory users carry it too, so a sync copies it.
 */
import { sql, type Kysely } from 'kysely';
import { usernameSkeleton } from '../../users/username.js';

const BATCH = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('username_skeleton', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('sync_stage_users')
    .addColumn('username_skeleton', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Most names are their own skeleton: one statement fills those, and only the rest are written
  // from JS, a batch per statement (a statement per row would take minutes on SQLite).
  await sql`update users set username_skeleton = username`.execute(db);
  let after = 0;
  for (;;) {
    const rows = (
      await sql<{
        id: number;
        username: string;
      }>`select id, username from users where id > ${after} order by id limit ${BATCH}`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.id);
    const changed = rows
      .map((row) => ({ id: Number(row.id), skeleton: usernameSkeleton(row.username) }))
      .filter((row, i) => row.skeleton !== rows[i]!.username);
    if (changed.length === 0) continue;
    const cases = sql.join(
      changed.map((row) => sql`when ${row.id} then ${row.skeleton}`),
      sql` `,
    );
    await sql`update users set username_skeleton = case id ${cases} end where id in (${sql.join(changed.map((row) => row.id))})`.execute(
      db,
    );
  }
  await db.schema
    .createIndex('users_username_skeleton_idx')
    .on('users')
    .column('username_skeleton')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_username_skeleton_idx').execute();
  await db.schema.alterTable('sync_stage_users').dropColumn('username_skeleton').execute();
  await db.schema.alterTable('users').dropColumn('username_skeleton').execute();
}
