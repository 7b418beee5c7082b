/**
 * Admin Console → Users → Actions → Batch import (`/admin/batch-import`): upload a PaperCut
 * batch file, preview what it would change, import it. The upload is streamed to a temporary file
 * (the import reads it twice or three times; see users/batch-import.service.ts), deleted afterwards.
 * A preview without rejected lines is kept (users/batch-import-previews.service.ts) and its page's
 * Import button posts only the kept preview's id to IMPORT_PREVIEW_ACTION.
 *
 *   registerAdminBatchImportRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CsrfError, isAppError } from '../../errors.js';
import { BATCH_FORMAT_NAMES, type BatchFormat } from '../../users/batch-import.parser.js';
import type { BatchReport } from '../../users/batch-import.report.js';
import type { FieldErrors } from '../components/forms.js';
import { field, sendPage } from '../render.js';
import { actorOf, checkCsrfToken } from '../security.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { BATCH_IMPORT_PAGE, BatchImportPage, type BatchImportValues } from './batch-import.pages.js';
import { IMPORT_PREVIEW_ACTION } from './batch-preview.pages.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import {
  PREVIEW_MINUTES,
  type PreviewOwner,
  type PreviewRefusal,
} from '../../users/batch-import-previews.service.js';

const REFUSALS: ReadonlyMap<PreviewRefusal, string> = new Map(
  (['unknown', 'expired', 'used', 'another-session'] as const).map((reason) => [
    reason,
    adminEnglish.t(`admin.batchPreview.refused.${reason}`, { minutes: String(PREVIEW_MINUTES) }),
  ]),
);

/** The signed-in session a preview is bound to (adminFrame has checked there is one). */
function ownerOf(request: FastifyRequest): PreviewOwner {
  const auth = request.auth!;
  return { sessionId: auth.session.id, username: auth.user.username };
}

/** Largest accepted upload: 100,000 user-update lines of PaperCut's full width fit in about 20 MB. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const UNREADABLE_UPLOAD =
  'The upload could not be read: the browser did not send a complete form. Nothing was imported. Choose the file and send the form again.';

export function registerAdminBatchImportRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const batch = context.services.batchImport;
  const previews = context.services.batchImportPreviews;
  const maxMegabytes = MAX_UPLOAD_BYTES / 1024 / 1024;
  const empty: BatchImportValues = { format: '', createNewUsers: false, overwriteExisting: false };

  server.get(BATCH_IMPORT_PAGE, async (request, reply) =>
    sendPage(
      reply,
      200,
      <BatchImportPage frame={await adminFrame(request)} values={empty} maxMegabytes={maxMegabytes} />,
    ),
  );

  // @fastify/multipart is a dependency for this one form: a file upload needs multipart/form-data,
  // which @fastify/formbody does not read. Registered inside this plugin only, so no other route
  // accepts multipart bodies (the CSRF hook refuses them everywhere else).
  void server.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    });

    // bodyLimit: what `Expect: 100-continue` is checked against (http/expect-continue.ts); the
    // multipart limits above are what the upload itself is held to.
    scope.post(
      BATCH_IMPORT_PAGE,
      { bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024, config: { multipartCsrf: true } },
      async (request, reply) => {
        // Rights first: nobody else gets as far as sending a file to the disk.
        const frame = await adminFrame(request);
        const values: BatchImportValues = { ...empty };
        const render = (
          status: number,
          extra: { errors?: FieldErrors; report?: BatchReport; previewId?: string },
        ) =>
          sendPage(
            reply,
            status,
            <BatchImportPage frame={frame} values={values} maxMegabytes={maxMegabytes} {...extra} />,
          );
        if (!request.isMultipart()) return render(400, { errors: { file: 'Choose a file to import.' } });

        const dir = await mkdtemp(path.join(os.tmpdir(), 'quire-import-'));
        const upload = path.join(dir, 'upload.tsv');
        try {
          let csrfChecked = false;
          let uploaded = false;
          let action = 'preview';
          try {
            for await (const part of request.parts()) {
              // The token is the form's first field: checked before any byte of the file is stored.
              if (!csrfChecked) {
                checkCsrfToken(
                  request,
                  part.type === 'field' && part.fieldname === '_csrf' ? part.value : undefined,
                  context.cookies,
                );
                csrfChecked = true;
              } else if (part.type === 'file') {
                if (part.fieldname !== 'file' || uploaded) {
                  part.file.resume();
                  continue;
                }
                await pipeline(part.file, createWriteStream(upload));
                uploaded = part.filename !== '' && (await stat(upload)).size > 0;
              } else if (typeof part.value === 'string') {
                if (part.fieldname === 'format') values.format = part.value;
                else if (part.fieldname === 'createNewUsers') values.createNewUsers = part.value === 'on';
                else if (part.fieldname === 'overwriteExisting')
                  values.overwriteExisting = part.value === 'on';
                else if (part.fieldname === 'action') action = part.value;
              }
            }
          } catch (error) {
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
              return render(413, { errors: { file: `The file is larger than ${maxMegabytes} MB.` } });
            // A failure of the disk (a system call's error) is ours, a 500; any other failure while
            // reading the parts is the body's: cut off, no boundary, a part without headers, more
            // parts than the form has.
            if (isAppError(error) || (error as { syscall?: string }).syscall !== undefined) throw error;
            request.log.info({ reason: (error as Error).message }, 'batch import: unreadable upload');
            return render(400, { errors: { file: UNREADABLE_UPLOAD } });
          }
          if (!csrfChecked) throw new CsrfError();

          const errors: FieldErrors = {};
          if (!uploaded) errors.file = 'Choose a file to import.';
          if (!BATCH_FORMAT_NAMES.includes(values.format as BatchFormat))
            errors.format = 'Choose the format of the file.';
          if (Object.keys(errors).length > 0) return render(400, { errors });

          const format = values.format as BatchFormat;
          const options = {
            createNewUsers: values.createNewUsers,
            overwriteExisting: values.overwriteExisting,
          };
          if (action === 'import')
            return render(200, { report: await batch.importFile(upload, format, options, actorOf(request)) });
          const report = await batch.previewFile(upload, format, options);
          // Kept only when it can be imported: a file with a rejected line is refused whole anyway.
          const previewId =
            report.rejectedCount === 0
              ? await previews.keep(upload, format, options, ownerOf(request))
              : undefined;
          return render(200, { report, previewId });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  });

  server.post(IMPORT_PREVIEW_ACTION, async (request, reply) => {
    const frame = await adminFrame(request);
    const taken = await previews.importKept(
      field(request.body, 'preview'),
      ownerOf(request),
      actorOf(request),
    );
    const values: BatchImportValues = taken.ok
      ? {
          format: taken.format,
          createNewUsers: Boolean(taken.options.createNewUsers),
          overwriteExisting: Boolean(taken.options.overwriteExisting),
        }
      : empty;
    return sendPage(
      reply,
      taken.ok ? 200 : 409,
      <BatchImportPage
        frame={frame}
        values={values}
        maxMegabytes={maxMegabytes}
        {...(taken.ok ? { report: taken.report } : { refusal: REFUSALS.get(taken.reason) })}
      />,
    );
  });
}
