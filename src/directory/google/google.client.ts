/**
 * The Google Workspace adapter of the DirectoryClient port, over the Admin SDK Directory API.
 *
 *   const client = createGoogleClient(googleConfig({ serviceAccountKey: readFileSync('key.json', 'utf8'), adminEmail: 'admin@example.org' }));
 *   await client.check();                                  // a token, then one user
 *   for await (const page of client.users()) stage(page);  // pages of config.pageSize, ordered by email
 *   for await (const page of client.groups()) stage(page); // groups with their direct members' ids
 *
 * Authentication (google.credentials.ts): the service account signs an RS256 JWT that impersonates
 * `adminEmail` (domain-wide delegation) and exchanges it for an access token (google.transport.ts,
 * with paging and retries). Users become Quire users in google.entries.ts. Google users sign in
 * with "Sign in with Google": this source checks no passwords.
 */
import { SourceError } from '../../errors.js';
import type { AuthOutcome, DirectoryClient, DirectoryGroup } from '../directory.port.js';
import type { GoogleSourceConfig } from './google.config.js';
import { googleUser, type GoogleGroup, type GoogleMember, type GoogleUser } from './google.entries.js';
import {
  createGoogleTransport,
  type Budget,
  type GoogleTransport,
  type GoogleTransportOptions,
} from './google.transport.js';

export type GoogleClientContext = GoogleTransportOptions;

const GROUP_PAGE_SIZE = 200;
const INVALID: AuthOutcome = { ok: false, reason: 'invalid' };

export function createGoogleClient(
  config: GoogleSourceConfig,
  context: GoogleClientContext = {},
): DirectoryClient {
  const api = createGoogleTransport(config, context);
  const { getJson, pages } = api;

  /** Users of the customer, or of one domain when set. */
  const scope = (): Record<string, string> =>
    config.domain ? { domain: config.domain } : { customer: config.customer };

  return {
    canAuthenticate: false,
    canChangePassword: false,

    async check() {
      await getJson('/users', { ...scope(), maxResults: '1' }, 'the user list', { waitedMs: 0 });
    },

    async *users() {
      const query = { ...scope(), maxResults: String(config.pageSize), projection: 'full', orderBy: 'email' };
      const budget: Budget = { waitedMs: 0 };
      for await (const page of pages<GoogleUser>('/users', query, 'users', 'the user list', budget)) {
        if (page.items.some((u) => typeof u?.id !== 'string'))
          throw new SourceError('Google Workspace listed a user without an id. Nothing was changed.');
        yield page.items.map(googleUser);
      }
    },

    async *groups() {
      if (!config.importGroups) return;
      const budget: Budget = { waitedMs: 0 };
      for await (const page of pages<GoogleGroup>(
        '/groups',
        { ...scope(), maxResults: String(GROUP_PAGE_SIZE) },
        'groups',
        'the group list',
        budget,
      )) {
        const groups: DirectoryGroup[] = [];
        for (const group of page.items) {
          if (typeof group?.id !== 'string')
            throw new SourceError('Google Workspace listed a group without an id. Nothing was changed.');
          const memberRefs = await groupMembers(
            api,
            group.id,
            `group members of ${group.email ?? group.id}`,
            budget,
          );
          groups.push({ ref: group.id, name: group.name || group.email || group.id, memberRefs });
        }
        if (groups.length > 0) yield groups;
      }
    },

    async authenticate(): Promise<AuthOutcome> {
      // Google Workspace users sign in with "Sign in with Google"; there is no password to check here.
      return INVALID;
    },

    async changePassword() {
      throw new SourceError('Passwords of Google Workspace users are changed in Google, not through Quire.');
    },

    async close() {
      api.close();
    },
  };
}

/** The ids of a group's direct members, users and groups alike, over every page. */
async function groupMembers(
  api: GoogleTransport,
  groupId: string,
  label: string,
  budget: Budget,
): Promise<string[]> {
  const memberRefs: string[] = [];
  for await (const members of api.pages<GoogleMember>(
    `/groups/${encodeURIComponent(groupId)}/members`,
    { maxResults: String(GROUP_PAGE_SIZE) },
    'members',
    label,
    budget,
  )) {
    // A CUSTOMER member stands for "everyone in the organisation": not a user or a group to resolve.
    for (const m of members.items)
      if (typeof m?.id === 'string' && m.type !== 'CUSTOMER') memberRefs.push(m.id);
  }
  return memberRefs;
}
