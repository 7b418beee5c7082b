/**
 * What pages show of a session: never the row (its secret hash and CSRF token stay inside).
 *
 *   const views = rows.map((row) => presentSession(row, request.auth?.session.id));
 */
import type { SessionRow } from '../db/schema.js';
import type { LocalText } from '../i18n/local-text.js';
import { describeUserAgent } from './user-agent.js';

export interface PresentedSession {
  /** "Chrome on Windows": a label for people, from the client's own User-Agent. */
  browser: string | LocalText;
  ip: string;
  signedInAt: string;
  lastSeenAt: string;
  /** The session of the browser looking at the page. */
  current: boolean;
}

export function presentSession(row: SessionRow, currentId?: string): PresentedSession {
  return {
    browser: describeUserAgent(row.user_agent),
    ip: row.ip,
    signedInAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    current: row.id === currentId,
  };
}
