/**
 * Admin Console → Options → Single sign-on: list, add (Microsoft, Google, OpenID Connect, SAML
 * 2.0), edit and remove identity providers. Every handler checks admin rights first through
 * `adminFrame` (401 signed out, 403 otherwise); every form carries the CSRF token; bad input
 * re-renders the form with a message beside each field (400). The client secret is never put back
 * on a page: the edit form's field is empty and leaving it so keeps the stored one.
 *
 *   registerAdminSsoRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  isPreset,
  providerDefaults,
  type IdentityProviderInput,
} from '../../auth/sso/identity-providers.service.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { RouteContext } from '../server.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import { ProviderFormPage, SingleSignOnPage, SSO_PAGE, type ProviderFormPageProps } from './sso.pages.js';

// Fixed texts only: a crafted link cannot put words on the page. A Map: `?done=constructor`
// must show nothing, not Object.
const DONE: ReadonlyMap<string, string> = new Map([
  ['added', 'The provider was added. Its "Sign in with" button is on the sign-in pages it is offered on.'],
  ['saved', 'The provider was saved.'],
  ['removed', 'The provider was removed. Its users sign in with their username and password.'],
]);

const TEXT_FIELDS = [
  'slug',
  'displayName',
  'sourceId',
  'matchBy',
  'tenant',
  'issuer',
  'clientId',
  'clientSecret',
  'scopes',
  'externalIdClaim',
  'usernameClaim',
  'allowedDomains',
  'idpEntityId',
  'idpSsoUrl',
  'idpCertificates',
  'usernameAttribute',
  'externalIdAttribute',
  'emailAttribute',
  'fullNameAttribute',
  'clockSkewSeconds',
] as const;
const BOX_FIELDS = ['createOnDemand', 'enabled', 'onUserPage', 'onAdminPage', 'stripDomain'] as const;

/** The posted form over `base` (the preset's defaults or the stored values): a field left out keeps its value. */
function formInput(body: unknown, base: IdentityProviderInput): IdentityProviderInput {
  const input: IdentityProviderInput = { ...base, clientSecret: '' };
  const posted = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  for (const key of TEXT_FIELDS) if (typeof posted[key] === 'string') input[key] = field(body, key);
  // An unticked checkbox sends nothing: read the boxes only when the form held them.
  if (field(body, 'flagsShown') === 'shown') for (const key of BOX_FIELDS) input[key] = checked(body, key);
  return input;
}

export function registerAdminSsoRoutes(
  server: FastifyInstance,
  context: RouteContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { app } = context;
  const { identityProviders, sources } = app.services;

  async function formPage(
    frame: AdminFrame,
    props: Omit<ProviderFormPageProps, 'frame' | 'sources' | 'publicUrl'>,
  ) {
    const choices = (await sources.list()).map((source) => ({ id: source.id, name: source.name }));
    return <ProviderFormPage frame={frame} sources={choices} publicUrl={app.config.publicUrl} {...props} />;
  }

  function providerId(request: FastifyRequest): number {
    const id = positiveInt((request.params as { id: string }).id);
    if (id === null) throw new NotFoundError('There is no such single sign-on provider.');
    return id;
  }

  server.get(SSO_PAGE, async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(
      reply,
      200,
      <SingleSignOnPage
        frame={frame}
        providers={await identityProviders.list()}
        notice={DONE.get(field(request.query, 'done'))}
      />,
    );
  });

  server.get(`${SSO_PAGE}/new`, async (request, reply) => {
    const frame = await adminFrame(request);
    const preset = field(request.query, 'preset');
    if (!isPreset(preset)) return reply.redirect(SSO_PAGE, 303);
    return sendPage(reply, 200, await formPage(frame, { values: providerDefaults(preset) }));
  });

  server.post(`${SSO_PAGE}/new`, async (request, reply) => {
    const frame = await adminFrame(request);
    const preset = field(request.body, 'preset');
    if (!isPreset(preset)) return reply.redirect(SSO_PAGE, 303);
    const values = formInput(request.body, providerDefaults(preset));
    try {
      await identityProviders.create(
        { ...values, clientSecret: field(request.body, 'clientSecret') },
        actorOf(request),
      );
      return reply.redirect(`${SSO_PAGE}?done=added`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await formPage(frame, { values, errors: error.fields }));
    }
  });

  server.get(`${SSO_PAGE}/:id`, async (request, reply) => {
    const frame = await adminFrame(request);
    const id = providerId(request);
    const provider = await identityProviders.get(id);
    return sendPage(
      reply,
      200,
      await formPage(frame, {
        id,
        values: await identityProviders.formValues(id),
        hasClientSecret: provider.hasClientSecret,
      }),
    );
  });

  server.post(`${SSO_PAGE}/:id`, async (request, reply) => {
    const frame = await adminFrame(request);
    const id = providerId(request);
    const provider = await identityProviders.get(id);
    const values = formInput(request.body, await identityProviders.formValues(id));
    try {
      await identityProviders.update(
        id,
        { ...values, clientSecret: field(request.body, 'clientSecret') },
        actorOf(request),
      );
      return reply.redirect(`${SSO_PAGE}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await formPage(frame, {
          id,
          values,
          errors: error.fields,
          hasClientSecret: provider.hasClientSecret,
        }),
      );
    }
  });

  server.post(`${SSO_PAGE}/:id/remove`, async (request, reply) => {
    await adminFrame(request);
    await identityProviders.remove(providerId(request), actorOf(request));
    return reply.redirect(`${SSO_PAGE}?done=removed`, 303);
  });
}
