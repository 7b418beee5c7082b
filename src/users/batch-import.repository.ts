/**
 * The SQL of a user batch import (users/batch-import.service.ts): looking up a chunk of the file's
 * users, inserting and updating them a chunk at a time, and a per-import temporary table holding
 * the argon2id hashes computed before the apply transaction (so the transaction never waits for
 * hashing). Kept apart from users.repository.ts because it works on hundreds of rows at a time.
 *
 *   const existing = await batch.findByUsernames(['jsmith', 'amiller']);
 *   await batch.insertUsers(rows, trx);
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewUserRow } from '../db/schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** What an import needs to know about an existing user (never the password hash itself). */
export interface ExistingUser {
  id: number;
  username: string;
  source_id: number | null;
  full_name: string;
  email: string;
  department: string;
  office: string;
  notes: string;
  card_number: string;
  card_number2: string;
  expiry_date: string | null;
  has_pin: number;
}

/** A changed user: undefined columns are left as they are. */
export interface UserPatch {
  username: string;
  full_name?: string;
  full_name_key?: string;
  email?: string;
  email_key?: string;
  department?: string;
  office?: string;
  notes?: string;
  card_number?: string;
  card_number2?: string;
  password_hash?: string;
  card_pin_hash?: string;
  /** A new expiry day; '' clears it (every other column keeps its value when left undefined). */
  expiry_date?: string;
}

const PATCH_COLUMNS = [
  'full_name',
  'full_name_key',
  'email',
  'email_key',
  'department',
  'office',
  'notes',
  'card_number',
  'card_number2',
  'password_hash',
  'card_pin_hash',
  'expiry_date',
] as const;

export interface StagedHash {
  username: string;
  password_hash: string | null;
  pin_hash: string | null;
}

/** Rows per statement: 500 × 14 columns stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const BATCH_CHUNK = 500;

export function createBatchImportRepository() {
  return {
    async findByUsernames(usernames: string[], executor: Executor): Promise<ExistingUser[]> {
      if (usernames.length === 0) return [];
      return executor
        .selectFrom('users')
        .select([
          'id',
          'username',
          'source_id',
          'full_name',
          'email',
          'department',
          'office',
          'notes',
          'card_number',
          'card_number2',
          'expiry_date',
        ])
        .select(sql<number>`case when card_pin_hash is null then 0 else 1 end`.as('has_pin'))
        .where('username', 'in', usernames)
        .execute();
    },

    async insertUsers(rows: NewUserRow[], executor: Executor): Promise<void> {
      if (rows.length > 0) await executor.insertInto('users').values(rows).execute();
    },

    /**
     * One statement per chunk on both databases: a VALUES list joined to users by name, each column
     * kept when its value is null (UPDATE … FROM: SQLite ≥ 3.33, PostgreSQL).
     */
    async updateUsers(patches: UserPatch[], updatedAt: string, executor: Executor): Promise<void> {
      if (patches.length === 0) return;
      const text = (value: string | undefined) => sql`cast(${value ?? null} as text)`;
      const values = patches.map(
        (p) => sql`(${sql.join([text(p.username), ...PATCH_COLUMNS.map((c) => text(p[c]))])})`,
      );
      const names = sql.join(['username', ...PATCH_COLUMNS].map((c) => sql.ref(c)));
      const sets = sql.join(
        PATCH_COLUMNS.map((c) =>
          c === 'expiry_date'
            ? sql`expiry_date = case when v.expiry_date = '' then null else coalesce(v.expiry_date, users.expiry_date) end`
            : sql`${sql.ref(c)} = coalesce(v.${sql.ref(c)}, users.${sql.ref(c)})`,
        ),
      );
      await sql`with v (${names}) as (values ${sql.join(values)})
        update users set ${sets}, updated_at = ${updatedAt} from v where users.username = v.username`.execute(
        executor,
      );
    },

    /** A batch-set password ends the user's sessions, as an administrator's reset does. */
    async endSessions(userIds: number[], executor: Executor): Promise<void> {
      if (userIds.length > 0) await executor.deleteFrom('sessions').where('user_id', 'in', userIds).execute();
    },

    /**
     * The hash table lives in the connection's temporary schema: nothing to migrate, invisible to
     * other connections, gone if the process dies. `name` is chosen by the service (letters,
     * digits, underscores only).
     */
    async createHashTable(name: string, executor: Executor): Promise<void> {
      await sql`create temporary table ${sql.table(name)} (username text primary key, password_hash text, pin_hash text)`.execute(
        executor,
      );
    },

    async insertHashes(name: string, rows: StagedHash[], executor: Executor): Promise<void> {
      if (rows.length === 0) return;
      const values = rows.map(
        (r) => sql`(${r.username}, cast(${r.password_hash} as text), cast(${r.pin_hash} as text))`,
      );
      await sql`insert into ${sql.table(name)} (username, password_hash, pin_hash) values ${sql.join(values)}`.execute(
        executor,
      );
    },

    async hashesFor(name: string, usernames: string[], executor: Executor): Promise<Map<string, StagedHash>> {
      if (usernames.length === 0) return new Map();
      const result =
        await sql<StagedHash>`select username, password_hash, pin_hash from ${sql.table(name)} where username in (${sql.join(usernames)})`.execute(
          executor,
        );
      return new Map(result.rows.map((r) => [r.username, r]));
    },

    async dropHashTable(name: string, executor: Executor): Promise<void> {
      await sql`drop table if exists ${sql.table(name)}`.execute(executor);
    },
  };
}

export type BatchImportRepository = ReturnType<typeof createBatchImportRepository>;
