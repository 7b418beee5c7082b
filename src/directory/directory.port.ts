/**
 * What the sync engine and sign-in need from a directory source, whatever its kind (custom
 * program today; LDAP, Entra ID, Google Workspace later). Adapters implement this port; services
 * never spawn a program or open a socket themselves.
 */
export interface DirectoryUser {
  /** The source's immutable id. For a custom program this is the username it prints. */
  externalId: string;
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
}

export interface DirectoryGroup {
  name: string;
  /** Usernames of the members, as the source prints them. */
  members: string[];
}

export interface DirectoryClient {
  /** Checks that the source is reachable and configured; throws SourceError otherwise. */
  check(): Promise<void>;
  /** Every user the source offers. Throws SourceError (and the caller changes nothing) on failure. */
  listUsers(): Promise<DirectoryUser[]>;
  /** Every group with its members; an empty list when the source has no groups. */
  listGroups(): Promise<DirectoryGroup[]>;
  /**
   * Verifies a password against the source. Returns the canonical username on success and null on
   * a refusal; throws SourceError when the source itself failed.
   */
  authenticate(username: string, password: string): Promise<string | null>;
  /** Whether this source can verify passwords at all. */
  readonly canAuthenticate: boolean;
}
