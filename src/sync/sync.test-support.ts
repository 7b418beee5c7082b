/**
 * Custom user programs for the sync tests: a shell script over a TSV file that an individual test
 * rewrites between runs (PaperCut's custom user directory protocol, src/directory/custom-program).
 *
 *   const directory = usersProgram('dir-sqlite');
 *   directory.write(['alice\tAlice Adams\talice@example.org\tSales\tHQ\t1001']);
 *   directory.groups(['Staff\talice,bob']);
 *   await sources.add(customProgramKind, { name: 'Corporate Directory', program: directory.file }, actor);
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sync-'));

/** Writes an executable shell script with this body; returns its path. */
export function program(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A custom user program over a TSV file; `delay` seconds of sleep before all-users (to watch or cancel a run). */
export function usersProgram(name: string, delay = 0) {
  const data = path.join(dir, `${name}.tsv`);
  const sleep = delay ? `sleep ${delay}; ` : '';
  const file = program(
    `${name}.sh`,
    `case "$2" in\n  is-valid) echo Y ;;\n  all-users) ${sleep}cat "${data}" ;;\n  all-groups) if [ -f "${data}.groups" ]; then cut -f1 "${data}.groups"; fi ;;\n  group-member-names) grep -a "^$3\t" "${data}.groups" | cut -f2 | tr ',' '\\n' ;;\n  *) exit 1 ;;\nesac`,
  );
  return {
    file,
    write: (lines: string[]) => writeFileSync(data, lines.join('\n') + '\n'),
    groups: (lines: string[]) => writeFileSync(`${data}.groups`, lines.join('\n') + '\n'),
  };
}

/** The sync runs' staging tables that exist now (sync_stage_users_r12 …; SQLite: this connection's). */
export async function runStagingTables(database: Database): Promise<string[]> {
  const found =
    database.kind === 'postgres'
      ? await sql<{ name: string }>`select relname as name from pg_class
          where relname ~ '^sync_stage_[a-z]+_r[0-9]+$'`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_temp_master
          where type = 'table' and name glob 'sync_stage_*_r[0-9]*'`.execute(database.db);
  return found.rows.map((r) => r.name);
}
