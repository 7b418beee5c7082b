/**
 * Session cookie, CSRF protection and sign-in guards for every page route.
 *
 * CSRF: every state-changing request must (1) come from this site — its Origin (or, failing
 * that, Referer) is this server's own origin, the configured public URL, or a trusted origin — and
 * (2) carry a `_csrf` form field equal to the signed-in session's token, or, before sign-in, to the
 * random value of the `quire_csrf` cookie (double submit). Either check alone stops a forged form;
 * both together also cover a browser that omits Origin.
 *
 * Which requests are checked is decided by the route Fastify matched, never by the raw URL (the
 * router decodes `/%75ser/logout` to `/user/logout`; a prefix test on the raw URL did not): every
 * request but GET/HEAD/OPTIONS is checked, unmatched ones included, except in a scope marked with
 * `useTokenAuthentication` (src/http/token-scope.ts: REST API, XML-RPC, ops endpoints, their routes
 * and their 404s) and on a route that declares why it is exempt in `config.csrfExempt`.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CsrfError, ForbiddenError, UnauthorizedError } from '../errors.js';
import { safeEqual } from '../ports.js';
import type { TransportOptions } from '../http/transport.js';
import type { CurrentSession } from '../sessions/sessions.service.js';
import type { CookieNames, WebContext } from './context.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: CurrentSession | null;
    /** Admin Console access (granted to the user, or through an admin group); read only under /admin. */
    adminAccess: boolean;
    /** The token forms rendered for this request must carry. */
    csrfToken: string;
    /** Options require administrators to use two-factor sign-in and this one has no second factor. */
    twoFactorMissing: boolean;
  }
  interface FastifyContextConfig {
    /** Why this route takes cross-site posts without a CSRF token (it must authenticate them otherwise). */
    csrfExempt?: string;
    /** This route reads the `_csrf` part of its multipart body itself (see the preHandler below). */
    multipartCsrf?: boolean;
  }
}

export function cookieNames(secure: boolean): CookieNames {
  // The __Host- prefix pins a cookie to this host, path / and HTTPS.
  return secure
    ? { session: '__Host-quire_session', csrf: '__Host-quire_csrf' }
    : { session: 'quire_session', csrf: 'quire_csrf' };
}

export function registerSecurity(
  server: FastifyInstance,
  { services, config }: TransportOptions,
): CookieNames {
  const names = cookieNames(config.secureCookies);
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
  };
  const allowedOrigins = new Set([new URL(config.publicUrl).origin, ...config.trustedOrigins]);

  server.decorateRequest('auth', null);
  server.decorateRequest('adminAccess', false);
  server.decorateRequest('csrfToken', '');
  server.decorateRequest('twoFactorMissing', false);

  server.addHook('onRequest', async (request, reply) => {
    // The REST API and the XML-RPC web services authenticate with API tokens, never cookies: no
    // session look-up, no CSRF cookie, and a browser's session cannot be ridden to call them.
    if (request.tokenAuthenticated === true) return;
    request.auth = await services.sessions.resolve(request.cookies[names.session]);
    // Group-granted access costs one indexed query, and only on Admin Console pages.
    if (request.auth && request.routeOptions.url?.startsWith('/admin'))
      request.adminAccess = await services.groups.hasAdminAccess(request.auth.user);
    if (request.adminAccess && (await services.settings.get()).requireAdminTwoFactor)
      request.twoFactorMissing = !(await services.twoFactor.isEnrolled(request.auth!.user.id));
    let anonymous = request.cookies[names.csrf];
    if (!anonymous || !/^[A-Za-z0-9_-]{43}$/.test(anonymous)) {
      anonymous = randomBytes(32).toString('base64url');
      reply.setCookie(names.csrf, anonymous, cookieOptions);
    }
    request.csrfToken = request.auth?.session.csrf_token ?? anonymous;
  });

  server.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    // The Fastify docs allow routeOptions.config to be undefined in a not-found handler.
    const config = request.routeOptions.config as FastifyContextConfig | undefined;
    if (request.tokenAuthenticated === true || config?.csrfExempt) return;
    const own = `${request.protocol}://${request.host}`;
    // A page sent with `Referrer-Policy: no-referrer` (the password reset link) makes the browser
    // send `Origin: null` and no Referer with its form; Fetch Metadata, which no page can forge,
    // still says whether the form came from this site. The CSRF token below is required either way.
    const origin =
      requestOrigin(request) ?? (request.headers['sec-fetch-site'] === 'same-origin' ? own : null);
    if (!origin || (origin !== own && !allowedOrigins.has(origin))) throw new CsrfError();
    // A file upload (multipart) is not parsed before its handler. Only a route that declares
    // `config: { multipartCsrf: true }` accepts one, and it must call checkCsrfToken on the
    // `_csrf` part (the form's first field) before reading anything else; any other multipart
    // post fails the check below, having no parsed `_csrf`.
    if (isMultipart(request) && config?.multipartCsrf === true) return;
    checkCsrfToken(
      request,
      typeof request.body === 'object' && request.body !== null
        ? (request.body as Record<string, unknown>)._csrf
        : undefined,
      names,
    );
  });

  return names;
}

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(String(request.headers['content-type'] ?? ''));
}

/** Throws CsrfError unless `sent` is the session's token or, before sign-in, the CSRF cookie's. */
export function checkCsrfToken(request: FastifyRequest, sent: unknown, names: CookieNames): void {
  if (typeof sent !== 'string' || sent === '') throw new CsrfError();
  const sessionToken = request.auth?.session.csrf_token;
  const cookieToken = request.cookies[names.csrf];
  const ok =
    (sessionToken !== undefined && safeEqual(sent, sessionToken)) ||
    (cookieToken !== undefined && safeEqual(sent, cookieToken));
  if (!ok) throw new CsrfError();
}

function requestOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '' && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (typeof referer === 'string') {
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

/** Starts a fresh session (a new id at every sign-in, against fixation) and sets its cookie. */
export async function startSession(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
) {
  const old = request.auth?.session.id;
  const { services, config, cookies } = context;
  if (old) await services.sessions.destroy(old);
  const { token, session } = await services.sessions.create(userId, {
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? ''),
  });
  reply.setCookie(cookies.session, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
  return session;
}

export async function endSession(context: WebContext, request: FastifyRequest, reply: FastifyReply) {
  if (request.auth) await context.services.sessions.destroy(request.auth.session.id);
  reply.clearCookie(context.cookies.session, { path: '/', secure: context.config.secureCookies });
}

/**
 * The signed-in user, or a 401 that the error handler turns into the sign-in page. A user who
 * must change their password is sent to the change form before anything else.
 */
export function requireSignedIn(
  request: FastifyRequest,
  area: 'user' | 'admin',
  options: { allowPasswordChangePending?: boolean } = {},
): CurrentSession {
  if (!request.auth) throw new SignInRequired(area);
  if (request.auth.user.must_change_password && !options.allowPasswordChangePending)
    throw new PasswordChangeRequired();
  return request.auth;
}

export class PasswordChangeRequired extends UnauthorizedError {
  constructor() {
    super('You must change your password before you continue.');
  }
}

/** The signed-in administrator; 401 when signed out, 403 for a signed-in non-administrator. */
export function requireAdmin(request: FastifyRequest): CurrentSession {
  const current = requireSignedIn(request, 'admin');
  if (request.adminAccess && request.twoFactorMissing) throw new TwoFactorSetupRequired();
  if (!request.adminAccess)
    throw new ForbiddenError(
      `You are logged in as ${current.user.username}, who does not have administrator access. Ask an administrator to grant it, or log out and log in as an administrator.`,
    );
  return current;
}

/** Options require a second factor of administrators and this one has none: set one up first. */
export class TwoFactorSetupRequired extends ForbiddenError {
  constructor() {
    super('Set up two-factor login before you use the Admin Console.');
  }
}

export class SignInRequired extends UnauthorizedError {
  constructor(readonly area: 'user' | 'admin') {
    super('Please log in to continue.');
  }
}

/** Who is acting, for services' audit records. */
export function actorOf(request: FastifyRequest) {
  const current = request.auth;
  return { username: current?.user.username ?? '-', ip: request.ip, sessionId: current?.session.id };
}
