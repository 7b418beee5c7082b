/**
 * The Microsoft Entra ID (Office 365) adapter of the DirectoryClient port, over Microsoft Graph
 * with an app registration's client credentials (a client secret, or a certificate whose private
 * key signs a client assertion). Users and groups are read with delta queries:
 *
 *   const client = createGraphClient(entraConfig({ tenantId, clientId, clientSecret }), { mirror: mirrors.forSource(source.id) });
 *   await client.check();                                   // a token, then one user
 *   for await (const page of client.users()) stage(page);   // always the whole directory
 *
 * Tokens, HTTP, throttling and delta pages are in graph.transport.ts; the rounds through the
 * mirror in graph.delta.ts (the engine always gets every user, because it decides deletions
 * itself); objects become users and groups in graph.entries.ts.
 *
 * Entra users sign in with "Sign in with Microsoft" (OpenID Connect), not with a password checked
 * here: canAuthenticate is false.
 */
import { SourceError } from '../../errors.js';
import type { AuthOutcome, DirectoryClient } from '../directory.port.js';
import type { EntraSourceConfig } from './graph.config.js';
import { createDeltaReader } from './graph.delta.js';
import { graphGroup, graphUser } from './graph.entries.js';
import type { GraphMirror } from './graph.mirror.js';
import { createGraphTransport, DeltaExpired, type GraphTransportOptions } from './graph.transport.js';

export type { GraphMirror } from './graph.mirror.js';

export const GRAPH_USER_SELECT =
  'id,userPrincipalName,onPremisesSamAccountName,displayName,mail,otherMails,department,officeLocation,accountEnabled,employeeId';
export const GRAPH_GROUP_SELECT = 'displayName,members';

export interface GraphClientContext extends GraphTransportOptions {
  mirror: GraphMirror | null;
}

export function createGraphClient(config: EntraSourceConfig, context: GraphClientContext): DirectoryClient {
  const graph = createGraphTransport(config, context);
  const { graphUrl, fail, graphGet } = graph;
  const read = createDeltaReader(graph, context.mirror, config.pageSize);

  return {
    canAuthenticate: false,
    canChangePassword: false,

    async check() {
      try {
        await graphGet(`${graphUrl}/v1.0/users?$top=1&$select=id`, 'reading users', 'User.Read.All', {
          throttledMs: 0,
        });
      } catch (error) {
        throw error instanceof DeltaExpired
          ? fail(`Microsoft Graph failed reading users (${error.message}).`)
          : error;
      }
    },

    async *users() {
      for await (const page of read(
        'users',
        `/v1.0/users/delta?$select=${GRAPH_USER_SELECT}`,
        'reading users',
        'User.Read.All',
      )) {
        if (page.length > 0) yield page.map((o) => graphUser(o, config.usernameFrom));
      }
    },

    async *groups() {
      if (!config.importGroups) return;
      for await (const page of read(
        'groups',
        `/v1.0/groups/delta?$select=${GRAPH_GROUP_SELECT}`,
        'reading groups',
        'GroupMember.Read.All',
      )) {
        if (page.length > 0) yield page.map(graphGroup);
      }
    },

    async authenticate(): Promise<AuthOutcome> {
      // Entra ID users sign in with "Sign in with Microsoft"; Graph cannot check a password.
      return { ok: false, reason: 'invalid' };
    },

    async changePassword() {
      throw new SourceError(
        'Passwords of Microsoft Entra ID users are changed in Microsoft 365, not in Quire.',
      );
    },

    async close() {
      graph.close();
    },
  };
}
