/**
 * Table types for Kysely. Both databases store the same shapes: flags as 0/1 integers and
 * timestamps as ISO-8601 UTC text, so rows compare, sort and serialize identically on SQLite and
 * PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccountingTables } from './accounting.schema.js';
import type { PrintTables } from './print.schema.js';
import type { TwoFactorTables } from './two-factor.schema.js';

export type Flag = 0 | 1;

/**
 * Quick find's search text is kept by the database from these columns, never written here:
 * SQLite's FTS5 table users_search, PostgreSQL's users_search_rows (UsersSearchRowsTable).
 */
export interface UsersTable {
  id: Generated<number>;
  /** Lower-case, unique. */
  username: string;
  /** usernameSkeleton(username), indexed: users whose names look alike share it. Set on every insert and rename. */
  username_skeleton: Generated<string>;
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
  /** Another name the user is known by (PaperCut's username-alias). */
  username_alias: Generated<string>;
  /** The user's home folder path (PaperCut's home). */
  home_folder: Generated<string>;
  /** Further email addresses from the directory, one per line; read-only. */
  other_emails: Generated<string>;
  /** argon2id of the card PIN, or null when none is set. */
  card_pin_hash: Generated<string | null>;
  /** null for an internal user; otherwise the directory source that owns this user. */
  source_id: number | null;
  /** The source's immutable id for this user (objectGUID, entryUUID, program username…). */
  external_id: string | null;
  /** argon2id PHC string; only ever set for internal users. */
  password_hash: string | null;
  is_admin: Flag;
  disabled: Flag;
  must_change_password: Flag;
  /** 1 when a sync disabled this user (gone from, or disabled in, the directory): a sync may enable it again. */
  sync_disabled: Generated<Flag>;
  /** When the source stopped listing this user; null while it is listed. */
  missing_since: string | null;
  /** The user's chosen language ('de', 'es'…), or null: Accept-Language, then Options decide. */
  language: Generated<string | null>;
  /** When the user last logged in (sessions.service.ts); null if never (migration 20261208T110000). */
  last_sign_in_at: Generated<string | null>;
  /** The last day the account works ('YYYY-MM-DD', until its end in the organisation's time zone), or null: never expires. */
  expiry_date: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface SourcesTable {
  id: Generated<number>;
  name: string;
  kind: string;
  /** JSON object, kind-specific. */
  config: string;
  /** 1 = primary, 2 = secondary…: the order in which sources are synchronized. */
  priority: Generated<number>;
  /** What a sync does with users the source no longer lists. */
  missing_policy: Generated<MissingPolicy>;
  /** A run that would disable or delete more than min(max_removals, max_removals_percent % of the source's users) stops. */
  max_removals: Generated<number>;
  max_removals_percent: Generated<number>;
  /** Cron expression for scheduled syncs; '' = on demand only. */
  schedule: Generated<string>;
  import_disabled: Generated<Flag>;
  /** Group names, one per line: import only their (nested) members; '' = everyone. */
  import_groups: Generated<string>;
  created_at: string;
  updated_at: Generated<string>;
}

export type MissingPolicy = 'keep' | 'disable' | 'delete';

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
  /** Where the session may be used (migration 20261207T000000-session-areas). */
  area: Generated<SessionArea>;
}

/**
 * `web`: the session cookie of the two web interfaces; `release-station`: a release station's own
 * cookie; `second-factor`: a password was right and the second step is pending (grants nothing else).
 */
export type SessionArea = 'web' | 'release-station' | 'second-factor';

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
  status: SyncRunStatus;
  added: number;
  updated: number;
  unchanged: number;
  errors: number;
  renamed: Generated<number>;
  disabled: Generated<number>;
  deleted: Generated<number>;
  conflicts: Generated<number>;
  /** Users no longer listed (whatever the policy did with them). */
  missing: Generated<number>;
  groups: Generated<number>;
  /** What the run is doing now ('reading users', 'applying'…), for watching it. */
  phase: Generated<string>;
  /** Directory entries read so far. */
  progress: Generated<number>;
  cancel_requested: Generated<Flag>;
  threshold_exceeded: Generated<Flag>;
  override_threshold: Generated<Flag>;
  actor: Generated<string>;
  message: string;
  /** JSON array of per-user lines (what changed, what failed). */
  details: string;
}

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface SyncLeasesTable {
  source_id: number;
  /** Which server process holds it (host:pid:random). */
  holder: string;
  run_id: number;
  expires_at: string;
}

/** A scheduled synchronization due (one cron tick of one source), pending until a run for it ends. */
export interface SyncScheduleSlotsTable {
  id: Generated<number>;
  source_id: number;
  /** The cron tick, ISO. */
  slot: string;
  status: 'pending' | 'done';
  run_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface SyncStageUsersTable {
  run_id: number;
  seq: number;
  external_id: string;
  ref_key: string;
  username: string;
  /** usernameSkeleton(username), copied into users by the sync. */
  username_skeleton: string;
  full_name: string;
  full_name_key: string;
  email: string;
  email_key: string;
  department: string;
  office: string;
  card_number: string;
  card_number2: string;
  /** Other emails, one per line; '' when the source lists none (the stored ones are kept). */
  other_emails: string;
  username_alias: string;
  home_folder: string;
  /** argon2id of the listed card PIN (the stored hash when the PIN is unchanged); '' for none listed. */
  pin_hash: string;
  dir_disabled: Flag;
  status: 'ok' | 'problem' | 'excluded' | 'conflict';
}

export interface SyncStageGroupsTable {
  run_id: number;
  ref_key: string;
  name: string;
}

export interface SyncStageMembersTable {
  run_id: number;
  group_ref: string;
  member_ref: string;
}

export interface SyncStageMembershipsTable {
  run_id: number;
  group_ref: string;
  external_id: string;
}

export interface ThrottleTable {
  /** `ip:<address>`, `user:<username>` or `api:<address>` (API tokens) */
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

export interface PasswordResetsTable {
  /** SHA-256 (hex) of the emailed token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

/**
 * Previous password hashes of internal users, while the history option is on
 * (passwords/password-history.repository.ts).
 */
export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: string;
}

/** An internal user's new email address waiting for its verification link. */
export interface EmailChangesTable {
  /** SHA-256 (hex) of the emailed token. */
  token_hash: string;
  user_id: number;
  new_email: string;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetRequestsTable {
  id: Generated<number>;
  /** `ip:<address>`, `user:<id>` or `name:<what was typed>`. */
  key: string;
  at: string;
}

/**
 * PostgreSQL only (migration 20261209T100000-users-search-rows): each user's searched fields as
 * one text with its trigram index, kept by triggers on users; read by users-search.match.ts.
 */
export interface UsersSearchRowsTable {
  id: number;
  username: string;
  source_id: number | null;
  search_text: string;
}

export interface DB extends AccountingTables, PrintTables, TwoFactorTables {
  password_resets: PasswordResetsTable;
  password_reset_requests: PasswordResetRequestsTable;
  users: UsersTable;
  users_search_rows: UsersSearchRowsTable;
  sources: SourcesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  sync_runs: SyncRunsTable;
  throttle: ThrottleTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  sync_leases: SyncLeasesTable;
  sync_schedule_slots: SyncScheduleSlotsTable;
  sync_stage_users: SyncStageUsersTable;
  sync_stage_groups: SyncStageGroupsTable;
  sync_stage_members: SyncStageMembersTable;
  sync_stage_memberships: SyncStageMembershipsTable;
  registrations: RegistrationsTable;
  api_tokens: ApiTokensTable;
  password_history: PasswordHistoryTable;
  email_changes: EmailChangesTable;
  admin_groups: AdminGroupsTable;
  directory_mirror: DirectoryMirrorTable;
  directory_delta: DirectoryDeltaTable;
  directory_mirror_stage: DirectoryMirrorStageTable;
  identity_providers: IdentityProvidersTable;
  sso_requests: SsoRequestsTable;
  server_instances: ServerInstancesTable;
  batch_import_previews: BatchImportPreviewsTable;
  batch_import_preview_parts: BatchImportPreviewPartsTable;
}

/** A previewed batch-import upload awaiting its Import (users/batch-import-previews.repository.ts). */
export interface BatchImportPreviewsTable {
  /** Random, 256 bits: the preview page's hidden field. */
  id: string;
  session_id: string;
  created_by: string;
  format: string;
  create_new_users: number;
  overwrite_existing: number;
  bytes: number;
  created_at: string;
  expires_at: string;
  /** Set once, by the Import that used it. */
  used_at: string | null;
}

export interface BatchImportPreviewPartsTable {
  preview_id: string;
  seq: number;
  /** Base64 of at most 1 MiB of the file. */
  data: string;
}

/** A running `quire serve`, refreshed every 30 s (ops/instances.repository.ts). */
export interface ServerInstancesTable {
  /** host:pid:random */
  id: string;
  hostname: string;
  pid: number;
  version: string;
  started_at: string;
  last_seen_at: string;
}

/** A single sign-on provider (auth/sso/): OpenID Connect or SAML 2.0. */
export interface IdentityProvidersTable {
  id: Generated<number>;
  /** Unique, url-safe: `/auth/oidc/<slug>/callback`. */
  slug: string;
  display_name: string;
  protocol: 'oidc' | 'saml';
  /** The sign-in provider kind's name (auth/sso/provider-kinds.ts). */
  preset: string;
  /** JSON; an OIDC client secret lives here and is never shown back, logged or audited. */
  config: string;
  /** The synced source whose users it signs in; null = match by username among all users. */
  source_id: number | null;
  match_by: 'external-id' | 'username';
  create_on_demand: Flag;
  enabled: Flag;
  on_user_page: Flag;
  on_admin_page: Flag;
  created_at: string;
  updated_at: string;
}

/** One redirect to an identity provider, taken (deleted) by its answer. */
export interface SsoRequestsTable {
  /** SHA-256 (hex) of the OIDC `state`, or a SAML AuthnRequest id. */
  id: string;
  provider_id: number;
  /** SHA-256 (hex) of the browser-binding cookie's value (OIDC and SAML alike). */
  browser: string;
  code_verifier: string;
  nonce: string;
  area: 'user' | 'admin';
  next: string;
  created_at: string;
  expires_at: string;
}

/** A Graph source's last full picture: raw objects (JSON) by kind ('users' | 'groups') and id. */
export interface DirectoryMirrorTable {
  source_id: number;
  kind: string;
  object_id: string;
  data: string;
}

/** Where a Graph source's next delta query continues; `scope` names the Graph URL and tenant it belongs to. */
export interface DirectoryDeltaTable {
  source_id: number;
  kind: string;
  delta_link: string;
  scope: string;
  updated_at: string;
}

/** Objects read by one run that is not finished yet; data null = removed. */
export interface DirectoryMirrorStageTable {
  stage_id: string;
  source_id: number;
  object_id: string;
  data: string | null;
}

/** Groups whose members may use the Admin Console, besides users granted admin access one by one. */
export interface AdminGroupsTable {
  group_id: number;
  created_at: string;
}

/** A self-registration waiting for its email link (users/registration.repository.ts). */
export interface RegistrationsTable {
  token_hash: string;
  username: string;
  full_name: string;
  email: string;
  password_hash: string;
  ip: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** An API token `quire_<id>.<secret>` for the XML-RPC web services and the REST API (api-tokens/). */
export interface ApiTokensTable {
  /** Public half of the token: finds the row. */
  id: string;
  /** Unique label chosen by the administrator. */
  name: string;
  /** SHA-256 (hex) of the secret half; the secret itself is never stored. */
  secret_hash: string;
  /** Space-separated scopes, e.g. `users:read users:write`. */
  scopes: string;
  created_at: string;
  created_by: string;
  /** Updated at most once a minute. */
  last_used_at: string | null;
  last_used_ip: Generated<string>;
  revoked_at: string | null;
  /** After this time (ISO 8601) the token is refused as a revoked one is; null: never. */
  expires_at: string | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;
export type IdentityProviderRow = Selectable<IdentityProvidersTable>;
export type SsoRequestRow = Selectable<SsoRequestsTable>;
export type RegistrationRow = Selectable<RegistrationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SourceRow = Selectable<SourcesTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SyncRunRow = Selectable<SyncRunsTable>;
export type SyncScheduleSlotRow = Selectable<SyncScheduleSlotsTable>;
export type GroupRow = Selectable<GroupsTable>;
export type StageUserRow = Selectable<SyncStageUsersTable>;
// ColumnType is re-exported for repositories that need computed columns.
export type { ColumnType };
