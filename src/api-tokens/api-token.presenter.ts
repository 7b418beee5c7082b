/**
 * What pages, the CLI and the API show of a token: never the row, so the secret's hash cannot
 * reach a template or JSON (and the secret itself is never stored at all).
 *
 *   const views = rows.map(presentApiToken);
 */
import type { ApiTokenRow } from '../db/schema.js';

export interface PresentedApiToken {
  /** The public half of the token (`quire_<id>.…`); not a secret. */
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  lastUsedIp: string;
  revokedAt: string | null;
  status: 'active' | 'revoked';
}

export function presentApiToken(row: ApiTokenRow): PresentedApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(Boolean),
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
    status: row.revoked_at ? 'revoked' : 'active',
  };
}
