/**
 * The second step of signing in, for the User Web Interface and the Admin Console. A right
 * password from a user with a second factor starts a pending session (area `second-factor`, ten
 * minutes): no page but this one accepts it. A right code or security key ends it and starts the
 * full session under a new id. Single sign-on does not come here: the identity provider decides
 * how many factors its sign-in takes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignInError } from '../../auth/auth.service.js';
import type { UserRow } from '../../db/schema.js';
import type { CurrentSession } from '../../sessions/sessions.service.js';
import { AREA_HOME, field, safeNext, sendPage, translatorOf } from '../render.js';
import { startSession } from '../security.js';
import type { WebContext } from '../context.js';
import { SecondFactorPage } from './second-factor.pages.js';

const PENDING_MINUTES = 10;
const AREAS = ['user', 'admin'] as const;
type Area = (typeof AREAS)[number];

/**
 * After a right password: for a user with a second factor, starts the pending session and sends
 * the browser to the second step (true: the reply is sent); otherwise false. A boolean, not the
 * reply: a FastifyReply is thenable, so awaiting one returned from here gives undefined, and the
 * caller went on to start the full session before the second step.
 */
export async function beginSecondStep(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRow,
  area: Area,
  next: string,
): Promise<boolean> {
  if (!(await context.services.twoFactor.isEnrolled(user.id))) return false;
  const { services, config, cookies } = context;
  if (request.auth) await services.sessions.destroy(request.auth.session.id);
  const { token } = await services.sessions.create(
    user.id,
    { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') },
    'second-factor',
    PENDING_MINUTES,
  );
  reply.setCookie(cookies.session, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
  const query = next === AREA_HOME[area] ? '' : `?${new URLSearchParams({ next })}`;
  reply.redirect(`/${area}/login/second-factor${query}`, 303);
  return true;
}

export function registerSecondFactorRoutes(server: FastifyInstance, context: WebContext): void {
  const { sessions, twoFactor, securityKeys } = context.services;
  const pendingOf = (request: FastifyRequest) =>
    sessions.resolve(request.cookies[context.cookies.session], 'second-factor');

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    area: Area,
    pending: CurrentSession | null,
    status: number,
    error?: string,
  ) {
    const keyOptions = pending
      ? await securityKeys.authenticationOptions(pending.user, pending.session.id)
      : undefined;
    // Recovery codes come with the app and go with it: without the app there is no code to type.
    const codes = pending ? (await twoFactor.status(pending.user.id)).totp : true;
    const next = safeNext(field(request.body, 'next') || field(request.query, 'next'), AREA_HOME[area]);
    return sendPage(
      reply,
      status,
      <SecondFactorPage
        area={area}
        organization={await context.organization()}
        csrfToken={request.csrfToken}
        next={next === AREA_HOME[area] ? undefined : next}
        error={error}
        keyOptions={keyOptions}
        codes={codes}
      />,
    );
  }

  /** The second step passed: the pending session ends and the full one starts under a new id. */
  async function finish(
    request: FastifyRequest,
    reply: FastifyReply,
    area: Area,
    pendingId: string,
    user: UserRow,
  ) {
    await sessions.destroy(pendingId);
    await startSession(context, request, reply, user.id);
    const next = safeNext(field(request.body, 'next'), AREA_HOME[area]);
    return reply.redirect(user.must_change_password ? '/user/change-details?required=1' : next, 303);
  }

  for (const area of AREAS) {
    const path = `/${area}/login/second-factor`;

    server.get(path, async (request, reply) => {
      const pending = await pendingOf(request);
      if (!pending) return reply.redirect(`/${area}/login`, 302);
      return page(request, reply, area, pending, 200);
    });

    // A typed code at `path`, a security key's answer at `path/key`: the same flow otherwise.
    const checks = [
      [
        path,
        (p: CurrentSession, request: FastifyRequest) =>
          twoFactor.verifyCode(p.user, field(request.body, 'code'), request.ip),
      ],
      [
        `${path}/key`,
        (p: CurrentSession, request: FastifyRequest) =>
          securityKeys.verify(p.user, p.session.id, field(request.body, 'response'), request.ip),
      ],
    ] as const;
    for (const [url, check] of checks) {
      server.post(url, async (request, reply) => {
        const pending = await pendingOf(request);
        if (!pending)
          return page(request, reply, area, null, 401, translatorOf(request).t('secondFactor.expired'));
        try {
          await check(pending, request);
        } catch (error) {
          if (!(error instanceof SignInError)) throw error;
          return page(request, reply, area, pending, error.status, error.text.in(translatorOf(request)));
        }
        return finish(request, reply, area, pending.session.id, pending.user);
      });
    }
  }
}
