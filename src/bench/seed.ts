/**
 * Benchmark data: realistic, deterministic users and fast bulk loading into either database.
 *
 * `syntheticUser(i)` depends only on `i`, so the two databases hold identical rows and a table can
 * be grown from 100,000 to 1,000,000 users by loading `i` = 100,000…999,999. Bulk loading goes
 * straight to the driver (one transaction, multi-row statements) because creating a million users
 * through the service would take hours of argon2 and audit writes and is not what is measured.
 *
 *   const seeder = await openSeeder('sqlite', 'sqlite:/tmp/x/quire.db');
 *   const sourceId = await seeder.ensureSource();
 *   await seeder.insertUsers(0, 100_000, sourceId);
 *   await seeder.close();
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';

export interface SyntheticUser {
  username: string;
  full_name: string;
  full_name_key: string;
  email: string;
  email_key: string;
  department: string;
  office: string;
  card_number: string;
  card_number2: string;
  external_id: string;
}

// Given names ordered roughly by frequency. Rows favour the front of the list as real name
// distributions do: about 10% of people get a given name starting "ma" (Maria, Mark, Martin…; US
// and European census data are similar), "zo" a fraction of a percent.
const GIVEN_NAMES = [
  'Maria',
  'John',
  'Anna',
  'James',
  'Michael',
  'Laura',
  'David',
  'Sarah',
  'Robert',
  'Emma',
  'Daniel',
  'Julia',
  'Thomas',
  'Sofia',
  'Mark',
  'Martin',
  'Elena',
  'Peter',
  'Linda',
  'Paul',
  'Hannah',
  'Andrew',
  'Olga',
  'Carlos',
  'Lucia',
  'Ahmed',
  'Fatima',
  'Wei',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Jan',
  'Eva',
  'Lukas',
  'Marta',
  'Pierre',
  'Claire',
  'Giovanni',
  'Chiara',
  'Ivan',
  'Natalia',
  'Omar',
  'Leila',
  'Raj',
  'Priya',
  'Kwame',
  'Amara',
  'Sven',
  'Ingrid',
  'Mateo',
  'Valentina',
  'Noah',
  'Olivia',
  'Liam',
  'Chloe',
  'Ethan',
  'Isabel',
  'Hugo',
  'Alice',
  'Felix',
  'Greta',
  'Oscar',
  'Nora',
  'Victor',
  'Zoe',
  'Xavier',
  'Yara',
  'Quentin',
  'Ursula',
  'Kenji',
  'José',
  'Zoë',
  'Łukasz',
  'Søren',
  'Ümit',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ten',
  'sa',
  'vo',
  'ne',
  'li',
  'da',
  'ber',
  'go',
  'ha',
  'ri',
  'mo',
  'zu',
  'an',
  'el',
  'is',
  'or',
  'ul',
  'ta',
  'ke',
  'fi',
  'pa',
  'ro',
  'si',
  've',
  'ja',
  'no',
  'bu',
  'dar',
  'mel',
  'tor',
  'win',
  'ste',
  'gar',
  'lin',
  'ham',
  'wal',
];
const SURNAME_ENDINGS = ['', '', '', 'son', 'er', 'ski', 'ez', 'ova', 'i', 'sen', 'man', 'ley'];
const REAL_SHARE = 0.3;
const REAL_SURNAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  'Rodríguez',
  'Martínez',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Rossi',
  'Russo',
  'Dubois',
  'Lefèvre',
  'Nowak',
  'Kowalski',
  'Ivanova',
  'Kim',
  'Nguyen',
  'Tanaka',
  'Hansen',
  'Silva',
  'Pereira',
  'Goldsmith',
  'Smith-Jones',
  "O'Brien",
  'Van der Berg',
];
const DEPARTMENTS = [
  'Finance',
  'Human Resources',
  'Engineering',
  'Sales',
  'Marketing',
  'Legal',
  'Facilities',
  'IT Services',
  'Research',
  'Library',
  'Admissions',
  'Physics',
  'Chemistry',
  'Biology',
  'Mathematics',
  'History',
  'Procurement',
  'Customer Care',
  'Logistics',
  'Design',
];
const OFFICES = [
  'London',
  'Berlin',
  'Madrid',
  'Paris',
  'Warsaw',
  'Tokyo',
  'Sydney',
  'Toronto',
  'Nairobi',
  'São Paulo',
  'Mumbai',
  'Oslo',
];
const DOMAINS = ['example.org', 'corp.example', 'mail.example.com', 'students.example.edu', 'example.net'];

/** A 32-bit integer hash (lowbias32) of the row number: every row's choices depend on it alone. */
function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Row `i`'s stream of pseudo-random numbers in [0, 1) (mulberry32 seeded with its hash). */
function rowRandom(i: number): () => number {
  let state = hash32(i);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const pick = <T>(list: readonly T[], u: number): T => list[Math.floor(u * list.length)]!;
/** ASCII letters for usernames and email addresses ("Łukasz" → "lukasz"). */
const ascii = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/gi, 'l').replace(/ø/gi, 'o').toLowerCase();
const GIVEN_ASCII = GIVEN_NAMES.map(ascii);

interface NameParts {
  given: string;
  surname: string;
  /** ASCII, lower-case forms of the two. */
  g: string;
  f: string;
  username: string;
  random: () => number;
}

function nameParts(i: number): NameParts {
  const random = rowRandom(i);
  // u^1.5 skew: the most common name (index 0) gets 5.6% of rows, the last 0.9%.
  const givenIndex = Math.floor(random() ** 1.5 * GIVEN_NAMES.length);
  const syllableCount = 2 + Math.floor(random() * 2);
  let f = '';
  for (let s = 0; s < syllableCount; s++) f += pick(SYLLABLES, random());
  f += pick(SURNAME_ENDINGS, random());
  // A third of people carry a common real surname (what quick find anywhere is benched with:
  // "smith" is about 0.7% of rows, with Goldsmith and Smith-Jones besides); the rest a made-up one.
  const real = random() < REAL_SHARE ? pick(REAL_SURNAMES, random()) : undefined;
  if (real !== undefined) f = ascii(real).replace(/[^a-z-]/g, '');
  const g = GIVEN_ASCII[givenIndex]!;
  const style = random();
  // Directory usernames come in a few house styles; the row number keeps them unique.
  const base = style < 0.4 ? `${g}.${f}` : style < 0.75 ? `${g[0]}${f}` : `${f}${g.slice(0, 2)}`;
  return {
    given: GIVEN_NAMES[givenIndex]!,
    surname: real ?? f.charAt(0).toUpperCase() + f.slice(1),
    g,
    f,
    username: `${base}${i}`,
    random,
  };
}

export function syntheticUser(i: number): SyntheticUser {
  const { given, surname, g, f, username, random } = nameParts(i);
  const fullName = `${given} ${surname}`;
  const email = `${g}.${f}${i}@${pick(DOMAINS, random())}`;
  // 8-digit card numbers: i × 48271 mod 10^8 is a permutation (48271 is prime to 10), so unique.
  const card = String((i * 48271 + 10_000_019) % 100_000_000).padStart(8, '0');
  const card2 = random() < 0.25 ? String(Math.floor(random() * 1_000_000)).padStart(6, '0') : '';
  return {
    username,
    full_name: fullName,
    full_name_key: fullName.toLowerCase(),
    email,
    email_key: email.toLowerCase(),
    department: pick(DEPARTMENTS, random()),
    office: pick(OFFICES, random()),
    card_number: card,
    card_number2: card2,
    // A custom-program source identifies its users by (normalized) username.
    external_id: username,
  };
}

/**
 * Row numbers from…to-1 in username order. Loading in this order makes the two unique indexes
 * (username; source + external id) grow at their right edge instead of at random pages, which is
 * what makes a million-row load take seconds rather than minutes. (Usernames are ASCII, so
 * JavaScript's string order is the databases' byte order.)
 */
function inUsernameOrder(from: number, to: number): number[] {
  const keyed = Array.from({ length: to - from }, (_, k) => ({
    i: from + k,
    username: nameParts(from + k).username,
  }));
  keyed.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  return keyed.map((row) => row.i);
}

export interface Seeder {
  /** The directory source the bulk users belong to (most users of a large site are synced). */
  ensureSource(): Promise<number>;
  /** Inserts syntheticUser(i) for from ≤ i < to; returns seconds taken. */
  insertUsers(from: number, to: number, sourceId: number): Promise<number>;
  /**
   * Brings the database where a server and the database bring it by themselves: the users'
   * accounts opened, planner statistics up to date.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The seeded users' personal accounts, as `quire serve` opens them within a minute of a sync
 * (accounts.service.ts openMissing; zero balance, no group settings). Opened here so the server
 * is not doing it in the middle of a measurement.
 */
export const OPEN_ACCOUNTS = `insert into accounts (type, user_id, created_at, updated_at)
  select 'personal', u.id, u.created_at, u.created_at from users u
  where not exists (select 1 from accounts a where a.user_id = u.id) order by u.id`;

const SOURCE = {
  name: 'Corporate Directory (bench)',
  kind: 'custom',
  config: JSON.stringify({ program: '/bin/true', authProgram: null }),
};
const USER_COLUMNS = [
  'username',
  'full_name',
  'full_name_key',
  'email',
  'email_key',
  'department',
  'office',
  'card_number',
  'card_number2',
  'external_id',
] as const;
// Columns every bulk row shares, written as literals so the statement binds only what varies.
const FIXED_COLUMNS = 'notes, password_hash, is_admin, disabled, must_change_password';
const FIXED_VALUES = "'', NULL, 0, 0, 0";

/** A table's plain indexes, with the statements that re-create them: what a bulk load drops first. */
export interface PlainIndex {
  name: string;
  sql: string;
}

/** SQLite: `sql IS NULL` marks the automatic indexes behind PRIMARY KEY and UNIQUE; those stay. */
export function sqlitePlainIndexes(sqlite: SQLite.Database, table: string): PlainIndex[] {
  return sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
    .all(table) as PlainIndex[];
}

/** PostgreSQL: indexes that back a constraint (primary key, UNIQUE) stay. */
export async function postgresPlainIndexes(client: pg.ClientBase, table: string): Promise<PlainIndex[]> {
  const result = await client.query<PlainIndex>(
    `SELECT indexname AS name, indexdef AS sql FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = $1
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)`,
    [table],
  );
  return result.rows;
}

export async function openSeeder(kind: 'sqlite' | 'postgres', url: string): Promise<Seeder> {
  return kind === 'sqlite' ? openSqliteSeeder(url.slice('sqlite:'.length)) : openPostgresSeeder(url);
}

/*
 * Both loaders drop the users table's plain (non-unique) indexes inside the load transaction and
 * re-create them from their own stored definitions before it commits: building an index from
 * sorted data once is several times faster than updating seven indexes at random places for every
 * row, and the schema afterwards is exactly the migration's.
 */

function openSqliteSeeder(file: string): Seeder {
  const sqlite = new SQLite(file);
  sqlite.pragma('busy_timeout = 10000');
  // A large page cache for this connection only, so the load does not re-read its own pages.
  sqlite.pragma('cache_size = -1000000');
  const ROWS = 500;
  const statementFor = (rows: number, now: string) => {
    const one = `(${USER_COLUMNS.map(() => '?').join(', ')}, ?, ${FIXED_VALUES}, '${now}', '${now}')`;
    return sqlite.prepare(
      `INSERT INTO users (${USER_COLUMNS.join(', ')}, source_id, ${FIXED_COLUMNS}, created_at, updated_at) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`,
    );
  };
  return {
    async ensureSource() {
      const existing = sqlite.prepare('SELECT id FROM sources WHERE name = ?').get(SOURCE.name) as
        { id: number } | undefined;
      if (existing) return existing.id;
      const result = sqlite
        .prepare('INSERT INTO sources (name, kind, config, created_at) VALUES (?, ?, ?, ?)')
        .run(SOURCE.name, SOURCE.kind, SOURCE.config, new Date().toISOString());
      return Number(result.lastInsertRowid);
    },
    async insertUsers(from, to, sourceId) {
      const start = performance.now();
      const now = new Date().toISOString();
      const order = inUsernameOrder(from, to);
      const full = statementFor(ROWS, now);
      const load = sqlite.transaction(() => {
        const indexes = sqlitePlainIndexes(sqlite, 'users');
        for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
        for (let k = 0; k < order.length; k += ROWS) {
          const n = Math.min(ROWS, order.length - k);
          const params: (string | number)[] = [];
          for (let r = 0; r < n; r++) {
            const user = syntheticUser(order[k + r]!);
            for (const column of USER_COLUMNS) params.push(user[column]);
            params.push(sourceId);
          }
          (n === ROWS ? full : statementFor(n, now)).run(params);
        }
        for (const index of indexes) sqlite.exec(index.sql);
      });
      load();
      return (performance.now() - start) / 1000;
    },
    // Quire never runs ANALYZE on SQLite, so neither does the benchmark: the plans measured are
    // the plans a real installation gets.
    async settle() {
      sqlite.exec(OPEN_ACCOUNTS);
    },
    async close() {
      sqlite.close();
    },
  };
}

async function openPostgresSeeder(url: string): Promise<Seeder> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ROWS = 20_000;
  return {
    async ensureSource() {
      const existing = await client.query<{ id: number }>('SELECT id FROM sources WHERE name = $1', [
        SOURCE.name,
      ]);
      if (existing.rows[0]) return existing.rows[0].id;
      const inserted = await client.query<{ id: number }>(
        'INSERT INTO sources (name, kind, config, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [SOURCE.name, SOURCE.kind, SOURCE.config, new Date().toISOString()],
      );
      return inserted.rows[0]!.id;
    },
    async insertUsers(from, to, sourceId) {
      const start = performance.now();
      const now = new Date().toISOString();
      const order = inUsernameOrder(from, to);
      // One array parameter per column, unnested server-side: 20,000 rows per round trip with
      // 12 bound parameters instead of 220,000.
      const n = USER_COLUMNS.length;
      const sql = `INSERT INTO users (${USER_COLUMNS.join(', ')}, source_id, ${FIXED_COLUMNS}, created_at, updated_at)
        SELECT u.*, $${n + 1}::int, ${FIXED_VALUES}, $${n + 2}, $${n + 2}
        FROM unnest(${USER_COLUMNS.map((_, k) => `$${k + 1}::text[]`).join(', ')}) AS u`;
      await client.query('BEGIN');
      try {
        await client.query("SET LOCAL maintenance_work_mem = '256MB'");
        const indexes = await postgresPlainIndexes(client, 'users');
        for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
        for (let k = 0; k < order.length; k += ROWS) {
          const slice = order.slice(k, k + ROWS);
          const columns = USER_COLUMNS.map(() => new Array<string>(slice.length));
          slice.forEach((i, r) => {
            const user = syntheticUser(i);
            USER_COLUMNS.forEach((column, c) => (columns[c]![r] = user[column]));
          });
          await client.query(sql, [...columns, sourceId, now]);
        }
        for (const index of indexes) await client.query(index.sql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      return (performance.now() - start) / 1000;
    },
    // After a bulk load autovacuum would vacuum and analyze the tables within a minute or so; do it
    // now so the measurement sees that steady state. users_search_rows is what quick find reads:
    // without its statistics the planner guessed a username range held 723 users, not 19,731.
    async settle() {
      await client.query(OPEN_ACCOUNTS);
      await client.query('VACUUM (ANALYZE) users');
      await client.query('VACUUM (ANALYZE) users_search_rows');
    },
    async close() {
      await client.end();
    },
  };
}
