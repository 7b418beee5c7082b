/**
 * What pages, the CLI and the API show of a token: never the row, so the secret's hash cannot
 * reach a template or JSON (and the secret itself is never stored at all).
 *
 *   const views = rows.map((row) => presentApiToken(row, clock.now()));
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
  /** When it stops working; null: never. */
  expiresAt: string | null;
  /** Revoked wins over expired: a revoked token stays revoked whatever its date. */
  status: 'active' | 'revoked' | 'expired';
}

/** `now` decides whether a token past its expiry shows as expired. */
export function presentApiToken(row: ApiTokenRow, now: Date): PresentedApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(Boolean),
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    status: row.revoked_at
      ? 'revoked'
      : row.expires_at !== null && row.expires_at <= now.toISOString()
        ? 'expired'
        : 'active',
  };
}
