/**
 * What the sync engine and sign-in need from a directory source, whatever its kind (custom
 * program, LDAP / Active Directory; Entra ID and Google Workspace later). Adapters implement this
 * port; services never spawn a program or open a socket themselves.
 *
 * Users and groups are read as async streams of pages so that the engine's memory does not grow
 * with the directory: it stages each page in the database and diffs there.
 *
 *   for await (const page of client.users()) stage(page);
 *   const outcome = await client.authenticate('alice', password); // { ok: true, username: 'alice' }
 */
export interface DirectoryUser {
  /** The source's immutable id (objectGUID, entryUUID, GUID; the username for a custom program). */
  externalId: string;
  /**
   * How group entries refer to this user (the normalized DN for LDAP; empty when groups list
   * usernames). Group member references are matched against `ref` and against `username`.
   */
  ref: string;
  username: string;
  fullName: string;
  email: string;
  department: string;
  office: string;
  cardNumber: string;
  cardNumber2: string;
  otherEmails: string[];
  alias: string;
  home: string;
  pin: string;
  /** Disabled in the directory (AD userAccountControl bit 0x2, …). */
  disabled: boolean;
}

export interface DirectoryGroup {
  /** How other groups refer to this group (its normalized DN for LDAP; its name otherwise). */
  ref: string;
  name: string;
  /**
   * References to the members: user refs or usernames, and refs of nested groups. The engine
   * resolves nesting; adapters only report direct members (all of them: AD ranged retrieval is
   * the adapter's job).
   */
  memberRefs: string[];
}

/** Why a directory refused a sign-in. Only 'invalid' is shown as the generic failure message. */
export type SignInRefusal =
  'invalid' | 'disabled' | 'locked' | 'password-expired' | 'account-expired' | 'must-change-password';

export type AuthOutcome = { ok: true; username: string } | { ok: false; reason: SignInRefusal };

export interface DirectoryClient {
  /** Checks that the source is reachable and configured (connect + bind); throws SourceError otherwise. */
  check(): Promise<void>;
  /** Every user the source offers, page by page. Throws SourceError on any failure. */
  users(): AsyncIterable<DirectoryUser[]>;
  /** Every group with its direct members, page by page; nothing when the source has no groups. */
  groups(): AsyncIterable<DirectoryGroup[]>;
  /**
   * Verifies a password against the source. Throws SourceError when the source itself failed
   * (unreachable, misconfigured), never for a refused password.
   */
  authenticate(username: string, password: string): Promise<AuthOutcome>;
  /** Whether this source can verify passwords at all. */
  readonly canAuthenticate: boolean;
  /** Whether users may change their directory password through Quire (off unless configured). */
  readonly canChangePassword: boolean;
  /**
   * Changes a user's directory password with their current one. Throws PasswordChangeRefused
   * with a readable reason when the directory refuses (policy, history, rights), SourceError when
   * it cannot be reached.
   */
  changePassword(username: string, currentPassword: string, newPassword: string): Promise<void>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}
