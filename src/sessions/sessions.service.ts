/**
 * Browser sessions. The cookie holds `<id>.<secret>`; the database holds the id and SHA-256 of
 * the secret, so neither a database copy nor a log line of ids lets anyone take a session over.
 *
 *   const { token } = await sessions.create(user.id, { ip, userAgent });
 *   const current = await sessions.resolve(token); // { session, user } | null
 */
import type { ExpiryCheck } from '../users/account-expiry.js';
import type { SessionArea, SessionRow, UserRow } from '../db/schema.js';
import { safeEqual, sha256, type Clock, type Random } from '../ports.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { SessionsRepository } from './sessions.repository.js';

export interface SessionLifetimes {
  idleMinutes: number;
  maxMinutes: number;
}

export interface CurrentSession {
  session: SessionRow;
  user: UserRow;
}

// Writing last_seen_at on every request would make every page view a write; once a minute is
// precise enough for idle expiry.
const TOUCH_EVERY_MS = 60_000;

/**
 * How long after logging in a user may remove a second factor (or get new recovery codes) without
 * typing their password again, as Keycloak asks for re-authentication: someone at a browser left
 * signed in must not be able to take the account's second factor away.
 */
export const FRESH_LOGIN_MINUTES = 5;

export function createSessionsService(
  repository: SessionsRepository,
  users: UsersRepository,
  clock: Clock,
  random: Random,
  lifetimes: SessionLifetimes,
  /** An expired guest or visitor account's sessions stop working at their next request. */
  expired?: ExpiryCheck,
) {
  /** Whether a session is still usable now (neither past its lifetime nor idle too long). */
  function isLive(session: SessionRow, now: Date): boolean {
    const idleDeadline = new Date(session.last_seen_at).getTime() + lifetimes.idleMinutes * 60_000;
    return now.toISOString() < session.expires_at && now.getTime() <= idleDeadline;
  }

  return {
    async create(
      userId: number,
      client: { ip: string; userAgent: string },
      area: SessionArea = 'web',
      maxMinutes = lifetimes.maxMinutes,
    ): Promise<{ token: string; session: SessionRow }> {
      const id = random.token(16);
      const secret = random.token(32);
      const now = clock.now();
      const session: SessionRow = {
        id,
        user_id: userId,
        secret_hash: sha256(secret),
        csrf_token: random.token(32),
        ip: client.ip.slice(0, 64),
        user_agent: client.userAgent.slice(0, 300),
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + maxMinutes * 60_000).toISOString(),
        area,
      };
      await repository.insert(session);
      // Every log-in (password, card, single sign-on) starts a session: the Users list's
      // "Never logged in" filter reads this. A pending second step is not a log-in yet.
      if (area !== 'second-factor') await users.update(userId, { last_sign_in_at: session.created_at });
      return { token: `${id}.${secret}`, session };
    },

    /** The live session of `area` and its (enabled) user for a cookie token, or null. */
    async resolve(token: string | undefined, area: SessionArea = 'web'): Promise<CurrentSession | null> {
      if (!token) return null;
      const dot = token.indexOf('.');
      if (dot <= 0 || token.length > 200) return null;
      const found = await repository.findWithUser(token.slice(0, dot));
      if (!found || !safeEqual(found.session.secret_hash, sha256(token.slice(dot + 1)))) return null;
      const { session, user } = found;
      if (session.area !== area) return null;
      const now = clock.now();
      if (!isLive(session, now)) {
        await repository.delete(session.id);
        return null;
      }
      if (user.disabled || (await expired?.(user))) {
        await repository.delete(session.id);
        return null;
      }
      if (now.getTime() - new Date(session.last_seen_at).getTime() > TOUCH_EVERY_MS) {
        await repository.touch(session.id, now.toISOString());
      }
      return { session, user };
    },

    /**
     * Whether the session's log-in was within FRESH_LOGIN_MINUTES. A session is created at each
     * log-in and never again (activity moves only last_seen_at), so created_at is the log-in time.
     */
    loggedInRecently(session: SessionRow): boolean {
      const age = clock.now().getTime() - new Date(session.created_at).getTime();
      return age <= FRESH_LOGIN_MINUTES * 60_000;
    },

    destroy: (id: string) => repository.delete(id),
    /** Ends every session of the user except `keepId`; returns the number ended. */
    destroyAllForUser: (userId: number, keepId?: string) => repository.deleteForUser(userId, keepId),
    purgeExpired: () => repository.deleteExpired(clock.now().toISOString()),
    /** The user's sessions that still work, most recently seen first (expired ones await the purge). */
    async listActiveForUser(userId: number): Promise<SessionRow[]> {
      const now = clock.now();
      return (await repository.listForUser(userId)).filter((session) => isLive(session, now));
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
