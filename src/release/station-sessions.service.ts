/**
 * Sign-ins at a release station: session rows of their own area (`release-station`: never
 * accepted as a web session, nor a web session here), so a password change or a disabled account
 * ends them like any other; held in their own cookie and ended after a short idle time.
 * Each use replaces the session with a fresh one, so "idle" is the time since the last page or
 * action; a kiosk left alone is signed out even if nobody presses Log out.
 *
 *   const started = await stationSessions.start(user.id, client);      // { token }
 *   const current = await stationSessions.use(cookie, client);         // { user, token } | null
 */
import type { UserRow } from '../db/schema.js';
import type { Clock } from '../ports.js';
import type { SessionsService } from '../sessions/sessions.service.js';

/** How long a station session lasts without a page or an action. */
export const STATION_IDLE_SECONDS = 60;

export interface StationClient {
  ip: string;
  userAgent: string;
}

export function createStationSessionsService(deps: {
  sessions: Pick<SessionsService, 'create' | 'resolve' | 'destroy'>;
  clock: Clock;
}) {
  const { sessions, clock } = deps;

  async function start(userId: number, client: StationClient): Promise<{ token: string }> {
    const { token } = await sessions.create(
      userId,
      { ...client, userAgent: `Release station: ${client.userAgent}` },
      'release-station',
    );
    return { token };
  }

  return {
    start,

    /**
     * The user of a live station session, with the token of the session that replaces it; null
     * (and the session ended) when it is unknown, idle too long, or its user is disabled.
     */
    async use(
      token: string | undefined,
      client: StationClient,
    ): Promise<{ user: UserRow; token: string } | null> {
      const current = await sessions.resolve(token, 'release-station');
      if (!current) return null;
      await sessions.destroy(current.session.id);
      const idle = clock.now().getTime() - new Date(current.session.created_at).getTime();
      if (idle > STATION_IDLE_SECONDS * 1000) return null;
      return { user: current.user, token: (await start(current.user.id, client)).token };
    },

    /** Ends the station session of `token`, if any. */
    async end(token: string | undefined): Promise<void> {
      const current = await sessions.resolve(token, 'release-station');
      if (current) await sessions.destroy(current.session.id);
    },
  };
}

export type StationSessionsService = ReturnType<typeof createStationSessionsService>;
