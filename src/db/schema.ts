/**
 * Table types for Kysely. Both databases store the same shapes: flags as 0/1 integers and
 * timestamps as ISO-8601 UTC text, so rows compare, sort and serialize identically on SQLite and
 * PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Flag = 0 | 1;

export interface UsersTable {
  id: Generated<number>;
  /** Lower-case, unique. */
  username: string;
  full_name: string;
  /** Lower-cased full name, kept for indexed prefix search. */
  full_name_key: string;
  email: string;
  /** Lower-cased email, kept for indexed prefix search. */
  email_key: string;
  department: string;
  office: string;
  notes: string;
  card_number: string;
  card_number2: string;
  /** null for an internal user; otherwise the directory source that owns this user. */
  source_id: number | null;
  /** The source's immutable id for this user (objectGUID, entryUUID, program username…). */
  external_id: string | null;
  /** argon2id PHC string; only ever set for internal users. */
  password_hash: string | null;
  is_admin: Flag;
  disabled: Flag;
  must_change_password: Flag;
  created_at: string;
  updated_at: string;
}

export interface SourcesTable {
  id: Generated<number>;
  name: string;
  kind: string;
  /** JSON object, kind-specific. */
  config: string;
  created_at: string;
}

export interface SessionsTable {
  /** Public half of the cookie token `<id>.<secret>`. */
  id: string;
  user_id: number;
  /** SHA-256 (hex) of the secret half; the secret itself is never stored. */
  secret_hash: string;
  csrf_token: string;
  ip: string;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
  details: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SyncRunsTable {
  id: Generated<number>;
  source_id: number;
  started_at: string;
  finished_at: string | null;
  dry_run: Flag;
  status: 'running' | 'succeeded' | 'failed';
  added: number;
  updated: number;
  unchanged: number;
  errors: number;
  message: string;
  /** JSON array of per-user lines (what changed, what failed). */
  details: string;
}

export interface ThrottleTable {
  /** `ip:<address>` or `user:<username>` */
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  source_id: number | null;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
}

export interface DB {
  users: UsersTable;
  sources: SourcesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  sync_runs: SyncRunsTable;
  throttle: ThrottleTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SourceRow = Selectable<SourcesTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SyncRunRow = Selectable<SyncRunsTable>;
export type GroupRow = Selectable<GroupsTable>;
// ColumnType is re-exported for repositories that need computed columns.
export type { ColumnType };
