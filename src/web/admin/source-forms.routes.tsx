/**
 * Admin Console routes of the source forms, the same for every kind whose form has a page of its
 * own (kinds.ts; a kind's fields and their mapping live in its folder), and the Edit page of every
 * kind (a kind added from the list has its Edit page too): Add and Edit with Save and
 * "Test settings" (a dry check and the first users and groups) before saving. Every handler checks
 * admin rights first through `adminFrame` (401 signed out, 403 for a non-administrator), before it
 * looks anything up. Secrets typed on a form are used and never sent back; an empty secret field on
 * an edit keeps the stored one (unless the kind asks for it again). Testing a saved source is audited.
 *
 *   registerSourceFormRoutes(server, context, adminFrame); // from registerAdminSourceRoutes
 *   // GET/POST /admin/sources/new-<kind>, /admin/sources/:id/edit (also /admin/sources/:id/edit-<kind>)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SourceRow } from '../../db/schema.js';
import { SOURCE_KINDS, type AnySourceKind } from '../../directory/kinds.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { SourceFormPage, type SourceTestResult } from './source-form.pages.js';
import { previewSource } from './source-preview.js';

type KindParams = { Params: { kind: string } };
type EditParams = { Params: { id: string; kind?: string } };
type Extra = { errors?: Record<string, string>; test?: SourceTestResult };

const editTitle = (name: string) => adminEnglish.t('admin.sourceForm.editTitle', { name });

/** A kind named in a URL: one of the registry's with a form page, or 404. */
function formKind(name: string): AnySourceKind {
  const kind = SOURCE_KINDS.get(name);
  if (!kind || kind.formPlacement !== 'page')
    throw new NotFoundError('There is no such kind of directory source.');
  return kind;
}

export function registerSourceFormRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { sources } = context.services;

  /** The source and its kind; `/edit-<kind>` must name the source's own kind. */
  async function loadSource(
    params: EditParams['Params'],
  ): Promise<{ source: SourceRow; kind: AnySourceKind }> {
    const source = await sources.findById(positiveInt(params.id) ?? 0);
    if (!source) throw new NotFoundError('There is no such directory source.');
    const kind = SOURCE_KINDS.get(source.kind);
    if (params.kind !== undefined && params.kind !== source.kind)
      throw new NotFoundError(
        `There is no such ${SOURCE_KINDS.get(params.kind)?.label ?? 'directory'} source.`,
      );
    if (!kind) throw new NotFoundError(`"${source.name}" has no settings to edit here.`);
    return { source, kind };
  }

  /**
   * Save or Test settings: `save` stores and redirects, `test` shows the results on the form with
   * 200 (or 502 when the source failed). A ValidationError re-renders with field errors and 400.
   */
  async function submit(
    request: FastifyRequest,
    reply: FastifyReply,
    frame: AdminFrame,
    kind: AnySourceKind,
    source: SourceRow | undefined,
  ) {
    const body = request.body;
    const form = await kind.loadForm();
    const values = form.values(body);
    const input = form.input(values, body);
    const render = (status: number, extra: Extra) =>
      sendPage(
        reply,
        status,
        <SourceFormPage
          frame={frame}
          form={form}
          title={source ? editTitle(source.name) : form.addTitle}
          action={source ? `/admin/sources/${source.id}/edit` : `/admin/sources/new-${kind.name}`}
          values={form.shownBack?.(values) ?? values}
          stored={source && sources.present(source).presented}
          secretNotResent={form.secretFields.some((name) => field(body, name) !== '')}
          {...extra}
        />,
      );
    try {
      if (field(body, 'action') === 'test') {
        const client = await sources.test(kind, input, source?.id, source && actorOf(request));
        const result = await previewSource(request, client);
        return render(result.ok ? 200 : 502, { test: result });
      }
      if (source) await sources.update(kind, source.id, input, actorOf(request));
      else await sources.add(kind, input, actorOf(request));
      return reply.redirect(`/admin/sources?done=${source ? 'source-saved' : 'source-added'}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(400, { errors: error.fields });
    }
  }

  server.get<KindParams>('/admin/sources/new-:kind', async (request, reply) => {
    const frame = await adminFrame(request);
    const kind = formKind(request.params.kind);
    const form = await kind.loadForm();
    return sendPage(
      reply,
      200,
      <SourceFormPage
        frame={frame}
        form={form}
        title={form.addTitle}
        action={`/admin/sources/new-${kind.name}`}
        values={form.empty()}
        secretNotResent={false}
      />,
    );
  });

  server.post<KindParams>('/admin/sources/new-:kind', async (request, reply) => {
    const frame = await adminFrame(request);
    return submit(request, reply, frame, formKind(request.params.kind), undefined);
  });

  for (const path of ['/admin/sources/:id/edit', '/admin/sources/:id/edit-:kind']) {
    server.get<EditParams>(path, async (request, reply) => {
      const frame = await adminFrame(request);
      const { source, kind } = await loadSource(request.params);
      const { presented } = sources.present(source);
      const form = await kind.loadForm();
      return sendPage(
        reply,
        200,
        <SourceFormPage
          frame={frame}
          form={form}
          title={editTitle(source.name)}
          action={`/admin/sources/${source.id}/edit`}
          values={form.fromConfig(source.name, presented)}
          stored={presented}
          secretNotResent={false}
        />,
      );
    });

    server.post<EditParams>(path, async (request, reply) => {
      const frame = await adminFrame(request);
      const { source, kind } = await loadSource(request.params);
      return submit(request, reply, frame, kind, source);
    });
  }
}
