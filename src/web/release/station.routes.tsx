/**
 * The release station (`/release?printers=A,B`): a kiosk page next to the printers. The station is
 * its address: `printers` names the printers it releases to ("server\name" or the queue name, a
 * Find-Me queue standing for its members); without it, jobs for every printer. Its sign-in is its
 * own cookie, separate from the User Web Interface's session, and ends by itself after
 * STATION_IDLE_SECONDS without a page or an action (release/station-sessions.service.ts); the
 * page's Refresh header then takes the kiosk to /release/timeout.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignInError } from '../../auth/auth.service.js';
import type { UserRow } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import type { Station } from '../../release/pending-release.service.js';
import { STATION_IDLE_SECONDS } from '../../release/station-sessions.service.js';
import { negotiateLanguage } from '../../i18n/negotiate.js';
import { translatorFor } from '../../i18n/translator.js';
import { field, sendPage, translatorOf } from '../render.js';
import type { WebContext } from '../context.js';
import { presentPendingJob, type JobError } from './pending-jobs.js';
import { releaseAction } from './release-actions.js';
import {
  StationJobsPage,
  StationNotSetUpPage,
  StationSignInPage,
  type StationFrame,
} from './station.pages.js';

/** The station's printers as its address names them. */
function stationNames(request: FastifyRequest): string[] {
  return field(request.query, 'printers')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

export function registerStationRoutes(server: FastifyInstance, context: WebContext): void {
  const { auth, pendingRelease, stationSessions } = context.services;
  const cookie = context.config.secureCookies ? '__Host-quire_release' : 'quire_release';
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: context.config.secureCookies,
  };
  const client = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? ''),
  });

  async function frame(request: FastifyRequest, done?: string): Promise<StationFrame> {
    const printers = stationNames(request);
    return {
      organization: await context.organization(),
      csrfToken: request.csrfToken,
      printers,
      done,
      href: (path, extra = {}) => {
        const query = new URLSearchParams({
          ...(printers.length ? { printers: printers.join(',') } : {}),
          ...extra,
        });
        return query.size ? `${path}?${query}` : path;
      },
    };
  }

  /** The station's printers; a page saying what is wrong when its address names an unknown one. */
  async function stationOf(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ station: Station } | null> {
    const names = stationNames(request);
    if (names.length === 0) return { station: undefined };
    try {
      return { station: await pendingRelease.station(names) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const problem = Object.values(error.fieldsIn(translatorOf(request))).join(' ');
      await sendPage(reply, 400, <StationNotSetUpPage {...await frame(request)} problem={problem} />);
      return null;
    }
  }

  /** The signed-in user of this station (their session renewed), or null with the cookie cleared. */
  async function stationUser(request: FastifyRequest, reply: FastifyReply): Promise<UserRow | null> {
    const token = request.cookies[cookie];
    const current = token ? await stationSessions.use(token, client(request)) : null;
    if (current) reply.setCookie(cookie, current.token, cookieOptions);
    else if (token) reply.clearCookie(cookie, cookieOptions);
    return current?.user ?? null;
  }

  async function jobsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserRow,
    station: Station,
    extra: { status?: number; done?: string; error?: JobError } = {},
  ) {
    const jobs = (await pendingRelease.jobsFor(user, station)).map(presentPendingJob);
    const frameOf = await frame(request, extra.done);
    // The kiosk signs out by itself: HTTP's Refresh (as a meta refresh would, without script) goes
    // to the sign-out address when the session's idle time is up. A header, not a <meta>, since
    // axe flags every timed meta refresh, although WCAG 2.2.1 allows a time limit that is
    // essential — a shared kiosk must not keep showing someone's jobs — and the page says it.
    reply.header('Refresh', `${STATION_IDLE_SECONDS}; url=${frameOf.href('/release/timeout')}`);
    // In the signed-in user's own language when they chose one, as their User Web Interface is.
    const language = negotiateLanguage({
      stored: user.language,
      acceptLanguage: request.headers['accept-language'],
      organisationDefault: (await context.services.settings.get()).defaultLanguage,
    });
    return sendPage(
      reply,
      extra.status ?? 200,
      <StationJobsPage
        {...frameOf}
        username={user.username}
        jobs={jobs}
        idleSeconds={STATION_IDLE_SECONDS}
        error={extra.error}
      />,
      translatorFor(language),
    );
  }

  const back = async (request: FastifyRequest, reply: FastifyReply, done?: string) =>
    reply.redirect((await frame(request)).href('/release', done ? { done } : {}), 303);

  server.get('/release', async (request, reply) => {
    const found = await stationOf(request, reply);
    if (!found) return reply;
    const done = field(request.query, 'done') || undefined;
    const user = await stationUser(request, reply);
    if (user) return jobsPage(request, reply, user, found.station, { done });
    return sendPage(reply, 200, <StationSignInPage {...await frame(request, done)} />);
  });

  /** Starts the station session of a user who just signed in, or shows the sign-in page again. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, check: () => Promise<UserRow>) {
    if (!(await stationOf(request, reply))) return reply;
    try {
      const user = await check();
      const old = request.cookies[cookie];
      if (old) await stationSessions.end(old);
      reply.setCookie(cookie, (await stationSessions.start(user.id, client(request))).token, cookieOptions);
      return back(request, reply);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      return sendPage(
        reply,
        error.status,
        <StationSignInPage
          {...await frame(request)}
          error={error.text.in(translatorOf(request))}
          username={field(request.body, 'username') || undefined}
        />,
      );
    }
  }

  server.post('/release/card', async (request, reply) =>
    signIn(request, reply, () =>
      auth.signInByCard({
        card: field(request.body, 'card'),
        pin: field(request.body, 'pin'),
        ip: request.ip,
      }),
    ),
  );

  server.post('/release/login', async (request, reply) =>
    signIn(request, reply, () =>
      auth.signIn({
        username: field(request.body, 'username'),
        password: field(request.body, 'password'),
        ip: request.ip,
      }),
    ),
  );

  for (const action of ['print', 'cancel'] as const) {
    server.post(`/release/jobs/:id/${action}`, async (request, reply) => {
      const found = await stationOf(request, reply);
      if (!found) return reply;
      const user = await stationUser(request, reply);
      if (!user) return back(request, reply, 'timeout');
      const outcome = await releaseAction(pendingRelease, request, user, action, found.station);
      if ('error' in outcome)
        return jobsPage(request, reply, user, found.station, { status: 400, error: outcome.error });
      return back(request, reply, outcome.done);
    });
  }

  /** Ends the station session and returns to its sign-in page. */
  async function signOut(request: FastifyRequest, reply: FastifyReply, done: 'logged-out' | 'timeout') {
    await stationSessions.end(request.cookies[cookie]);
    reply.clearCookie(cookie, cookieOptions);
    return back(request, reply, done);
  }

  server.post('/release/logout', async (request, reply) => signOut(request, reply, 'logged-out'));
  // The idle page's meta refresh lands here: a GET, since a refresh cannot post. At worst a link
  // from elsewhere signs a kiosk out, which is what the kiosk does by itself anyway.
  server.get('/release/timeout', async (request, reply) => signOut(request, reply, 'timeout'));
}
