/**
 * Single sign-on with OpenID Connect: `/auth/oidc/<slug>/start` sends the browser to the provider
 * (with a browser-binding cookie), `/auth/oidc/<slug>/callback` takes its answer and starts a
 * session. Every failure is a page that says what went wrong, with its status (400 a stale or
 * forged request, 401 an answer that failed verification, 403 no matching or allowed account,
 * 503 provider down) and a way back to the password form — never a 500.
 *
 *   registerOidcSignInRoutes(server, context); // from buildServer
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SsoSignInError } from '../../auth/sso/sso-refusal.js';
import { AREA_HOME, safeNext, sendPage } from '../render.js';
import { startSession } from '../security.js';
import type { WebContext } from '../context.js';
import { localText, type LocalText } from '../../i18n/local-text.js';
import { english } from '../../i18n/translator.js';
import { SsoErrorPage } from './sign-in.pages.js';

/** The cookie that ties a provider's answer to the browser that started the sign-in. */
export function ssoCookieName(secure: boolean): string {
  return secure ? '__Host-quire_sso' : 'quire_sso';
}

export function registerOidcSignInRoutes(server: FastifyInstance, context: WebContext): void {
  const { identityProviders, sso, groups, audit } = context.services;
  const cookieName = ssoCookieName(context.config.secureCookies);
  // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: context.config.secureCookies,
  };

  const fail = async (reply: FastifyReply, status: number, message: LocalText, area: 'user' | 'admin') =>
    sendPage(
      reply,
      status,
      <SsoErrorPage
        organization={await context.organization()}
        status={status}
        message={message}
        area={area}
      />,
      // The admin area's pages are English, like the rest of the Admin Console.
      area === 'admin' ? english : undefined,
    );

  async function oidcProvider(request: FastifyRequest) {
    const { slug } = request.params as { slug: string };
    const provider = await identityProviders.findBySlug(slug);
    return provider?.protocol === 'oidc' ? provider : undefined;
  }

  server.get('/auth/oidc/:slug/start', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const area = query.area === 'admin' ? 'admin' : 'user';
    const provider = await oidcProvider(request);
    if (!provider) return fail(reply, 404, localText('sso.noSuchOption'), area);
    const next = safeNext(query.next, AREA_HOME[area]);
    try {
      await sso.admitStart(request.ip);
      const { redirectUrl, browserValue } = await sso.begin(provider, { area, next, ip: request.ip });
      reply.setCookie(cookieName, browserValue, { ...cookieOptions, maxAge: 10 * 60 });
      return reply.header('Cache-Control', 'no-store').redirect(redirectUrl, 302);
    } catch (error) {
      if (!(error instanceof SsoSignInError)) throw error;
      return fail(reply, error.status, error.text, area);
    }
  });

  server.get('/auth/oidc/:slug/callback', async (request, reply) => {
    const provider = await oidcProvider(request);
    const browserValue = request.cookies[cookieName];
    // One sign-in per cookie: whatever happens now, the next attempt starts over.
    if (browserValue !== undefined) reply.clearCookie(cookieName, cookieOptions);
    if (!provider) return fail(reply, 404, localText('sso.noSuchOption'), 'user');
    // The redirect URI registered at the provider: the public URL, whatever Host the request had.
    const currentUrl = new URL(request.url, context.config.publicUrl);
    let result;
    try {
      result = await sso.finishOidc(provider, { currentUrl, browserValue, ip: request.ip });
    } catch (error) {
      if (!(error instanceof SsoSignInError)) throw error;
      return fail(reply, error.status, error.text, 'user');
    }
    const { user, area, next } = result;
    if (area === 'admin' && !(await groups.hasAdminAccess(user))) {
      // As at /admin/login: no session starts, so the Admin Console never holds a non-administrator's.
      await audit.record({
        actor: user.username,
        action: 'signin.admin.refused',
        target: user.username,
        ip: request.ip,
        details: { via: provider.slug },
      });
      return fail(reply, 403, localText('sso.notAdmin', { username: user.username }), 'admin');
    }
    await startSession(context, request, reply, user.id);
    return reply.redirect(user.must_change_password ? '/user/change-details?required=1' : next, 303);
  });
}
