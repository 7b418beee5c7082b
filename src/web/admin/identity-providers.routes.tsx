/**
 * Admin Console → Options → Single sign-on: list, add (one kind of auth/sso/provider-kinds.ts at
 * a time), edit and remove identity providers. Every handler checks admin rights first through
 * `adminFrame` (401 signed out, 403 otherwise); every form carries the CSRF token; bad input
 * re-renders the form with a message beside each field (400). A kind's secret fields are never
 * put back on a page: the edit form's are empty, and leaving them so keeps the stored secrets.
 *
 *   registerIdentityProviderRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { providerDefaults } from '../../auth/sso/identity-providers.service.js';
import type { IdentityProviderInput, ProviderKind } from '../../auth/sso/provider-kind.js';
import { kindOf, providerKind } from '../../auth/sso/provider-kinds.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import {
  ProviderFormPage,
  SingleSignOnPage,
  SSO_PAGE,
  type ProviderFormPageProps,
} from './identity-providers.pages.js';

// Fixed texts only: a crafted link cannot put words on the page. A Map: `?done=constructor`
// must show nothing, not Object.
const DONE: ReadonlyMap<string, string> = new Map([
  ['added', adminEnglish.t('admin.identityProviders.done.added')],
  ['saved', adminEnglish.t('admin.identityProviders.done.saved')],
  ['removed', adminEnglish.t('admin.identityProviders.done.removed')],
]);

const COMMON_TEXT_FIELDS = ['slug', 'displayName', 'sourceId', 'matchBy', 'allowedDomains'] as const;
const COMMON_BOX_FIELDS = ['createOnDemand', 'enabled', 'onUserPage', 'onAdminPage'] as const;

/**
 * The posted form over `base` (the kind's defaults or the stored values): a field left out keeps
 * its value; only the kind's own fields are read, and its secrets start empty, so a re-rendered
 * form never holds one.
 */
function formInput(
  body: unknown,
  kind: ProviderKind<object>,
  base: IdentityProviderInput,
): IdentityProviderInput {
  const posted = new Map<string, unknown>(
    Object.entries(typeof body === 'object' && body !== null ? body : {}),
  );
  const values = new Map<string, string | boolean>(Object.entries(base));
  for (const key of kind.secretFields) values.set(key, '');
  for (const key of [...COMMON_TEXT_FIELDS, ...kind.textFields])
    if (!kind.secretFields.includes(key) && typeof posted.get(key) === 'string')
      values.set(key, field(body, key));
  // An unticked checkbox sends nothing: read the boxes only when the form held them.
  if (field(body, 'flagsShown') === 'shown')
    for (const key of [...COMMON_BOX_FIELDS, ...kind.checkboxFields]) values.set(key, checked(body, key));
  return { ...base, ...Object.fromEntries(values) };
}

/** The form as posted, secrets included: what the service validates. */
function withSecrets(
  body: unknown,
  kind: ProviderKind<object>,
  values: IdentityProviderInput,
): IdentityProviderInput {
  return { ...values, ...Object.fromEntries(kind.secretFields.map((key) => [key, field(body, key)])) };
}

export function registerIdentityProviderRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { identityProviders, sources } = context.services;

  async function formPage(
    frame: AdminFrame,
    props: Omit<ProviderFormPageProps, 'frame' | 'sources' | 'publicUrl'>,
  ) {
    const choices = (await sources.list()).map((source) => ({ id: source.id, name: source.name }));
    return (
      <ProviderFormPage frame={frame} sources={choices} publicUrl={context.config.publicUrl} {...props} />
    );
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
    const kind = providerKind(field(request.query, 'preset'));
    if (!kind) return reply.redirect(SSO_PAGE, 303);
    return sendPage(reply, 200, await formPage(frame, { kind, values: providerDefaults(kind.name) }));
  });

  server.post(`${SSO_PAGE}/new`, async (request, reply) => {
    const frame = await adminFrame(request);
    const kind = providerKind(field(request.body, 'preset'));
    if (!kind) return reply.redirect(SSO_PAGE, 303);
    const values = formInput(request.body, kind, providerDefaults(kind.name));
    try {
      await identityProviders.create(withSecrets(request.body, kind, values), actorOf(request));
      return reply.redirect(`${SSO_PAGE}?done=added`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await formPage(frame, { kind, values, errors: error.fields }));
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
        kind: kindOf(provider),
        values: await identityProviders.formValues(id),
        hasClientSecret: provider.hasClientSecret,
      }),
    );
  });

  server.post(`${SSO_PAGE}/:id`, async (request, reply) => {
    const frame = await adminFrame(request);
    const id = providerId(request);
    const provider = await identityProviders.get(id);
    const kind = kindOf(provider);
    const values = formInput(request.body, kind, await identityProviders.formValues(id));
    try {
      await identityProviders.update(id, withSecrets(request.body, kind, values), actorOf(request));
      return reply.redirect(`${SSO_PAGE}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await formPage(frame, {
          id,
          kind,
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
