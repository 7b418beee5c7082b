/**
 * Single sign-on with SAML 2.0, for providers that speak only SAML:
 *   GET  /auth/saml/<slug>/metadata  the service provider's metadata (its URL is also our entity id);
 *   GET  /auth/saml/<slug>/start     sends the browser to the provider with an AuthnRequest;
 *   POST /auth/saml/<slug>/acs       takes the provider's signed response (HTTP-POST binding).
 * The response comes as a cross-site form post, so it carries no CSRF token. What binds it to a
 * sign-in started here is the signed InResponseTo, taken once from sso_requests (see
 * auth/sso/saml/saml.ts), and what binds that request to this browser is the `quire_saml` cookie set at
 * /start: SameSite=None (the IdP's cross-site POST must carry it), hence Secure, hence https. On
 * an http:// public URL (development) it is SameSite=Lax, which a cross-site POST does not carry:
 * there the ACS only works when the IdP posts same-site. Without the binding, a response for the
 * attacker's own account, posted into a victim's browser, would sign the victim in as the attacker.
 * RelayState only says which area and page to open afterwards, and is checked like any `next` (a
 * local path; the admin area still requires admin access).
 *
 *   registerSamlSignInRoutes(server, context); // from buildServer
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { providerEndpoints } from '../../auth/sso/provider-kind.js';
import { SamlError } from '../../auth/sso/saml/saml-messages.js';
import { decodeSamlConfig } from '../../auth/sso/saml/saml.kind.js';
import { SsoSignInError } from '../../auth/sso/sso-refusal.js';
import type { IdentityProviderRow } from '../../db/schema.js';
import { AREA_HOME, field, safeNext, sendPage } from '../render.js';
import { startSession } from '../security.js';
import type { WebContext } from '../context.js';
import { localText, type LocalText } from '../../i18n/local-text.js';
import { english } from '../../i18n/translator.js';
import { SsoErrorPage } from './sign-in.pages.js';

const NOT_FOUND = localText('sso.noSuchOption');
/** The browser-binding cookie of a SAML sign-in (not `__Host-`: that prefix needs Path=/). */
export const SAML_COOKIE = 'quire_saml';
/** A real response is a few kilobytes, but one with many group attributes can pass 64 KiB. */
export const ACS_BODY_LIMIT_BYTES = 1024 * 1024;

/** RelayState `admin:/admin/users` → where to go; anything else → the user area's home. */
function parseRelayState(relayState: string): { area: 'user' | 'admin'; next: string } {
  const area = relayState.startsWith('admin:') ? 'admin' : 'user';
  return { area, next: safeNext(relayState.slice(relayState.indexOf(':') + 1), AREA_HOME[area]) };
}

export function registerSamlSignInRoutes(server: FastifyInstance, context: WebContext): void {
  const { identityProviders, sso, groups, audit } = context.services;
  const https = context.config.publicUrl.startsWith('https:');
  const cookieOptions = https
    ? { path: '/auth/saml/', httpOnly: true, secure: true, sameSite: 'none' as const }
    : { path: '/auth/saml/', httpOnly: true, secure: false, sameSite: 'lax' as const };

  const fail = async (
    reply: Parameters<typeof sendPage>[0],
    status: number,
    message: LocalText,
    area: 'user' | 'admin',
  ) =>
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

  async function samlProvider(request: FastifyRequest): Promise<IdentityProviderRow | undefined> {
    const { slug } = request.params as { slug: string };
    const provider = await identityProviders.findBySlug(slug);
    return provider?.protocol === 'saml' ? provider : undefined;
  }

  // node-saml and its XML stack (about 130 modules) load on the first SAML request, not at start:
  // most deployments have no SAML provider.
  const serviceProvider = async (
    provider: IdentityProviderRow,
    browser: { browserValue: string | undefined; ip: string },
  ) => {
    const endpoints = providerEndpoints(context.config.publicUrl, provider.slug);
    const { createSamlServiceProvider } = await import('../../auth/sso/saml/saml.js');
    return createSamlServiceProvider(
      decodeSamlConfig(provider.config),
      { entityId: endpoints.samlMetadataUrl, acsUrl: endpoints.samlAcsUrl },
      sso.samlRequestStore(provider, browser),
    );
  };

  server.get('/auth/saml/:slug/metadata', async (request, reply) => {
    const provider = await samlProvider(request);
    if (!provider) return fail(reply, 404, NOT_FOUND, 'user');
    return reply
      .type('application/samlmetadata+xml; charset=utf-8')
      .send((await serviceProvider(provider, { browserValue: undefined, ip: request.ip })).metadata());
  });

  server.get('/auth/saml/:slug/start', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const area = query.area === 'admin' ? 'admin' : 'user';
    const provider = await samlProvider(request);
    if (!provider) return fail(reply, 404, NOT_FOUND, area);
    const offered =
      provider.enabled === 1 &&
      (area === 'admin' ? provider.on_admin_page === 1 : provider.on_user_page === 1);
    if (!offered)
      return fail(reply, 404, localText('sso.notOffered', { provider: provider.display_name }), area);
    try {
      await sso.admitStart(request.ip);
    } catch (error) {
      if (!(error instanceof SsoSignInError)) throw error;
      return fail(reply, error.status, error.text, area);
    }
    const next = safeNext(query.next, AREA_HOME[area]);
    const browserValue = sso.newBrowserValue();
    const sp = await serviceProvider(provider, { browserValue, ip: request.ip });
    const url = await sp.startUrl(`${area}:${next}`);
    // As long as the AuthnRequest id is remembered (30 minutes, auth/sso/saml/saml.ts).
    reply.setCookie(SAML_COOKIE, browserValue, { ...cookieOptions, maxAge: 30 * 60 });
    return reply.header('Cache-Control', 'no-store').redirect(url, 302);
  });

  // The route's own limit: Fastify applies it instead of the form parser's (content-type-parser.js).
  // The provider's page posts the response from its own origin, so the CSRF check cannot apply;
  // what binds the response to this browser is its signature plus the quire_saml cookie above.
  const acsOptions = {
    bodyLimit: ACS_BODY_LIMIT_BYTES,
    config: { csrfExempt: 'SAML HTTP-POST binding: the signed response comes from the provider' },
  };
  server.post('/auth/saml/:slug/acs', acsOptions, async (request, reply) => {
    const provider = await samlProvider(request);
    const { area, next } = parseRelayState(field(request.body, 'RelayState'));
    if (!provider || provider.enabled !== 1) return fail(reply, 404, NOT_FOUND, area);
    let user;
    try {
      const sp = await serviceProvider(provider, {
        browserValue: request.cookies[SAML_COOKIE],
        ip: request.ip,
      });
      const identity = await sp.acceptResponse(field(request.body, 'SAMLResponse'));
      user = await sso.signInWithIdentity(provider, identity, request.ip);
    } catch (error) {
      if (error instanceof SamlError) {
        await audit.record({
          actor: '-',
          action: 'signin.failure',
          ip: request.ip,
          details: { via: provider.slug, reason: 'invalid-answer', detail: error.message.slice(0, 300) },
        });
        return fail(
          reply,
          401,
          localText('sso.samlInvalidAnswer', { provider: provider.display_name, detail: error.message }),
          area,
        );
      }
      if (error instanceof SsoSignInError) return fail(reply, error.status, error.text, area);
      throw error;
    }
    if (area === 'admin' && !(await groups.hasAdminAccess(user))) {
      await audit.record({
        actor: user.username,
        action: 'signin.admin.refused',
        target: user.username,
        ip: request.ip,
        details: { via: provider.slug },
      });
      return fail(reply, 403, localText('sso.notAdmin', { username: user.username }), 'admin');
    }
    // One sign-in per cookie; on a failure it stays, so a forged post cannot spoil the real one.
    reply.clearCookie(SAML_COOKIE, cookieOptions);
    await startSession(context, request, reply, user.id);
    return reply.redirect(user.must_change_password ? '/user/change-details?required=1' : next, 303);
  });
}
