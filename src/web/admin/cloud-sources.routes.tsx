/**
 * Admin Console routes of the cloud directory sources: add and edit a Microsoft Entra ID source or
 * a Google Workspace source, with "Test settings" (a dry check and the first users and groups)
 * before saving. Every handler checks admin rights first through `adminFrame` (401 signed out, 403
 * for a non-administrator), before it looks anything up. Secrets typed on a form are used and
 * never sent back; an empty secret field on an edit keeps the stored one, unless the endpoints or
 * tenant changed (the service then asks for it again). Testing a saved source is audited.
 *
 *   registerCloudSourceRoutes(server, context, adminFrame); // from registerAdminSourceRoutes
 *   // GET/POST /admin/sources/new-entra, /admin/sources/new-google,
 *   //          /admin/sources/:id/edit-entra, /admin/sources/:id/edit-google
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SourceRow } from '../../db/schema.js';
import { GOOGLE_DEFAULTS } from '../../directory/google/google.config.js';
import { ENTRA_DEFAULTS } from '../../directory/graph/graph.config.js';
import type {
  EntraSourceInput,
  GoogleSourceInput,
  PresentedEntraConfig,
  PresentedGoogleConfig,
} from '../../directory/sources.service.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { RouteContext } from '../server.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import {
  EntraSourcePage,
  ENTRA_TEXT_FIELDS,
  GoogleSourcePage,
  GOOGLE_TEXT_FIELDS,
  type EntraFormValues,
  type GoogleFormValues,
  type StoredSecrets,
} from './cloud-sources.pages.js';
import type { LdapTestResult } from './ldap-source.pages.js';
import { previewSource } from './sources.routes.js';

type IdParams = { Params: { id: string } };
type Extra = { errors?: Record<string, string>; test?: LdapTestResult };

/** '' → the default (undefined); anything but a whole number → NaN, which the service refuses by field. */
function optionalInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function textValues<K extends string>(names: readonly K[], body: unknown): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, field(body, name)])) as Record<K, string>;
}

const entraFormValues = (body: unknown): EntraFormValues => ({
  ...textValues(ENTRA_TEXT_FIELDS, body),
  importGroups: checked(body, 'importGroups'),
});
/** The form as shown back: a private key pasted into the certificate field (refused) is not echoed in the page. */
const entraShownBack = (values: EntraFormValues): EntraFormValues =>
  values.certificatePem.includes('PRIVATE KEY') ? { ...values, certificatePem: '' } : values;
const googleFormValues = (body: unknown): GoogleFormValues => ({
  ...textValues(GOOGLE_TEXT_FIELDS, body),
  importGroups: checked(body, 'importGroups'),
});

function entraFormFromConfig(name: string, c: PresentedEntraConfig): EntraFormValues {
  return {
    name,
    tenantId: c.tenantId,
    clientId: c.clientId,
    certificatePem: c.certificatePem,
    usernameFrom: c.usernameFrom,
    importGroups: c.importGroups,
    pageSize: String(c.pageSize),
    timeoutMs: String(c.timeoutMs),
    // Defaults stay empty on the form, so that "Empty: …" in the hints stays true.
    graphUrl: c.graphUrl === ENTRA_DEFAULTS.graphUrl ? '' : c.graphUrl,
    loginUrl: c.loginUrl === ENTRA_DEFAULTS.loginUrl ? '' : c.loginUrl,
  };
}

function googleFormFromConfig(name: string, c: PresentedGoogleConfig): GoogleFormValues {
  return {
    name,
    adminEmail: c.adminEmail,
    customer: c.customer === GOOGLE_DEFAULTS.customer ? '' : c.customer,
    domain: c.domain,
    usernameFrom: c.usernameFrom,
    importGroups: c.importGroups,
    pageSize: String(c.pageSize),
    timeoutMs: String(c.timeoutMs),
    apiUrl: c.apiUrl === GOOGLE_DEFAULTS.apiUrl ? '' : c.apiUrl,
  };
}

function entraInput(values: EntraFormValues, body: unknown): EntraSourceInput {
  return {
    name: values.name,
    tenantId: values.tenantId,
    clientId: values.clientId,
    clientSecret: field(body, 'clientSecret'),
    certificatePem: values.certificatePem,
    privateKeyPem: field(body, 'privateKeyPem'),
    usernameFrom: values.usernameFrom,
    importGroups: values.importGroups,
    pageSize: optionalInt(values.pageSize),
    timeoutMs: optionalInt(values.timeoutMs),
    graphUrl: values.graphUrl,
    loginUrl: values.loginUrl,
  };
}

function googleInput(values: GoogleFormValues, body: unknown): GoogleSourceInput {
  return {
    name: values.name,
    serviceAccountKey: field(body, 'serviceAccountKey'),
    adminEmail: values.adminEmail,
    customer: values.customer,
    domain: values.domain,
    usernameFrom: values.usernameFrom,
    importGroups: values.importGroups,
    pageSize: optionalInt(values.pageSize),
    timeoutMs: optionalInt(values.timeoutMs),
    apiUrl: values.apiUrl,
  };
}

export function registerCloudSourceRoutes(
  server: FastifyInstance,
  context: RouteContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { sources } = context.app.services;

  async function loadSource(rawId: string, kind: 'entra' | 'google'): Promise<SourceRow> {
    const source = await sources.findById(positiveInt(rawId) ?? 0);
    if (!source || source.kind !== kind)
      throw new NotFoundError(
        kind === 'entra'
          ? 'There is no such Microsoft Entra ID source.'
          : 'There is no such Google Workspace source.',
      );
    return source;
  }

  /**
   * Save or Test settings: `save` stores and redirects, `test` shows the results on the form with
   * 200 (or 502 when the source failed). A ValidationError re-renders with field errors and 400.
   */
  async function submit(
    request: FastifyRequest,
    reply: FastifyReply,
    render: (status: number, extra: Extra) => FastifyReply,
    test: () => Promise<LdapTestResult>,
    save: () => Promise<unknown>,
    done: string,
  ) {
    try {
      if (field(request.body, 'action') === 'test') {
        const result = await test();
        return render(result.ok ? 200 : 502, { test: result });
      }
      await save();
      return reply.redirect(`/admin/sources?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(400, { errors: error.fields });
    }
  }

  const typedSecret = (body: unknown, ...names: string[]) => names.some((name) => field(body, name) !== '');

  // Microsoft Entra ID

  server.get('/admin/sources/new-entra', async (request, reply) => {
    const frame = await adminFrame(request);
    const values: EntraFormValues = {
      ...entraFormValues({}),
      usernameFrom: ENTRA_DEFAULTS.usernameFrom,
      importGroups: true,
    };
    return sendPage(
      reply,
      200,
      <EntraSourcePage frame={frame} values={values} stored={{ hasSecret: false, hasKey: false }} />,
    );
  });

  server.post('/admin/sources/new-entra', async (request, reply) => {
    const frame = await adminFrame(request);
    const input = entraInput(entraFormValues(request.body), request.body);
    const values = entraShownBack(entraFormValues(request.body));
    const render = (status: number, extra: Extra) =>
      sendPage(
        reply,
        status,
        <EntraSourcePage
          frame={frame}
          values={values}
          stored={{ hasSecret: false, hasKey: false }}
          secretNotResent={typedSecret(request.body, 'clientSecret', 'privateKeyPem')}
          {...extra}
        />,
      );
    return submit(
      request,
      reply,
      render,
      async () => previewSource(request, await sources.transientEntraClient(input)),
      () => sources.addEntra(input, actorOf(request)),
      'source-added',
    );
  });

  server.get<IdParams>('/admin/sources/:id/edit-entra', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id, 'entra');
    const config = sources.presentEntraConfig(source)!;
    const stored: StoredSecrets = { hasSecret: config.hasClientSecret, hasKey: config.hasPrivateKey };
    return sendPage(
      reply,
      200,
      <EntraSourcePage
        frame={frame}
        sourceId={source.id}
        sourceName={source.name}
        values={entraFormFromConfig(source.name, config)}
        stored={stored}
      />,
    );
  });

  server.post<IdParams>('/admin/sources/:id/edit-entra', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id, 'entra');
    const config = sources.presentEntraConfig(source)!;
    const input = entraInput(entraFormValues(request.body), request.body);
    const values = entraShownBack(entraFormValues(request.body));
    const stored: StoredSecrets = { hasSecret: config.hasClientSecret, hasKey: config.hasPrivateKey };
    const render = (status: number, extra: Extra) =>
      sendPage(
        reply,
        status,
        <EntraSourcePage
          frame={frame}
          sourceId={source.id}
          sourceName={source.name}
          values={values}
          stored={stored}
          secretNotResent={typedSecret(request.body, 'clientSecret', 'privateKeyPem')}
          {...extra}
        />,
      );
    return submit(
      request,
      reply,
      render,
      async () =>
        previewSource(request, await sources.transientEntraClient(input, source.id, actorOf(request))),
      () => sources.updateEntra(source.id, input, actorOf(request)),
      'source-saved',
    );
  });

  // Google Workspace

  server.get('/admin/sources/new-google', async (request, reply) => {
    const frame = await adminFrame(request);
    const values: GoogleFormValues = {
      ...googleFormValues({}),
      usernameFrom: GOOGLE_DEFAULTS.usernameFrom,
      importGroups: true,
    };
    return sendPage(
      reply,
      200,
      <GoogleSourcePage frame={frame} values={values} stored={{ hasSecret: false, hasKey: false }} />,
    );
  });

  server.post('/admin/sources/new-google', async (request, reply) => {
    const frame = await adminFrame(request);
    const values = googleFormValues(request.body);
    const input = googleInput(values, request.body);
    const render = (status: number, extra: Extra) =>
      sendPage(
        reply,
        status,
        <GoogleSourcePage
          frame={frame}
          values={values}
          stored={{ hasSecret: false, hasKey: false }}
          secretNotResent={typedSecret(request.body, 'serviceAccountKey')}
          {...extra}
        />,
      );
    return submit(
      request,
      reply,
      render,
      async () => previewSource(request, await sources.transientGoogleClient(input)),
      () => sources.addGoogle(input, actorOf(request)),
      'source-added',
    );
  });

  server.get<IdParams>('/admin/sources/:id/edit-google', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id, 'google');
    const config = sources.presentGoogleConfig(source)!;
    const stored: StoredSecrets = {
      hasSecret: false,
      hasKey: config.hasServiceAccountKey,
      serviceAccountEmail: config.serviceAccountEmail,
    };
    return sendPage(
      reply,
      200,
      <GoogleSourcePage
        frame={frame}
        sourceId={source.id}
        sourceName={source.name}
        values={googleFormFromConfig(source.name, config)}
        stored={stored}
      />,
    );
  });

  server.post<IdParams>('/admin/sources/:id/edit-google', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id, 'google');
    const config = sources.presentGoogleConfig(source)!;
    const values = googleFormValues(request.body);
    const input = googleInput(values, request.body);
    const stored: StoredSecrets = {
      hasSecret: false,
      hasKey: config.hasServiceAccountKey,
      serviceAccountEmail: config.serviceAccountEmail,
    };
    const render = (status: number, extra: Extra) =>
      sendPage(
        reply,
        status,
        <GoogleSourcePage
          frame={frame}
          sourceId={source.id}
          sourceName={source.name}
          values={values}
          stored={stored}
          secretNotResent={typedSecret(request.body, 'serviceAccountKey')}
          {...extra}
        />,
      );
    return submit(
      request,
      reply,
      render,
      async () =>
        previewSource(request, await sources.transientGoogleClient(input, source.id, actorOf(request))),
      () => sources.updateGoogle(source.id, input, actorOf(request)),
      'source-saved',
    );
  });
}
