/**
 * Previewed batch-import uploads: Preview keeps the uploaded file, and the preview page's Import
 * button imports exactly that file with the options it was previewed with, without sending it
 * again. A kept preview is single use, bound to the session that previewed it, and expires after
 * PREVIEW_MINUTES; its file is stored in the database in parts (see the migration for why).
 *
 *   const id = await previews.keep(uploadPath, 'user-update', { createNewUsers: true }, owner);
 *   const taken = await previews.importKept(id, owner, actor); // { ok: true, report } or { ok: false, reason }
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../audit/actor.js';
import type { Clock, Random } from '../ports.js';
import type { BatchFormat } from './batch-import.parser.js';
import type { BatchOptions } from './batch-import.plan.js';
import type { BatchReport } from './batch-import.report.js';
import type { BatchImportPreviewsRepository } from './batch-import-previews.repository.js';
import type { BatchImportService } from './batch-import.service.js';

export const PREVIEW_MINUTES = 30;
const PART_BYTES = 1024 * 1024;
const DAY_MS = 24 * 3600_000;

/** Who previewed: the session (public id) and its user. */
export interface PreviewOwner {
  sessionId: string;
  username: string;
}

/** Why a kept preview could not be imported; nothing was imported. */
export type PreviewRefusal = 'unknown' | 'expired' | 'used' | 'another-session';

export type KeptImport =
  | { ok: true; report: BatchReport; format: BatchFormat; options: BatchOptions }
  | { ok: false; reason: PreviewRefusal };

/** The file in base64 parts of PART_BYTES, read as a stream: never the whole file in memory. */
async function* partsOf(file: string): AsyncGenerator<string> {
  for await (const chunk of createReadStream(file, { highWaterMark: PART_BYTES }))
    yield (chunk as Buffer).toString('base64');
}

export function createBatchImportPreviewsService(deps: {
  repository: BatchImportPreviewsRepository;
  batchImport: Pick<BatchImportService, 'importFile'>;
  clock: Clock;
  random: Random;
}) {
  const { repository, batchImport, clock, random } = deps;

  /** Writes a kept preview's file back to a temporary file, part by part, for the import to read. */
  async function toFile(id: string, file: string): Promise<void> {
    async function* parts() {
      for (let seq = 0; ; seq++) {
        const data = await repository.part(id, seq);
        if (data === undefined) return;
        yield Buffer.from(data, 'base64');
      }
    }
    await pipeline(parts(), createWriteStream(file));
  }

  async function whyNot(id: string, owner: PreviewOwner): Promise<PreviewRefusal> {
    const row = await repository.find(id);
    if (!row) return 'unknown';
    if (row.session_id !== owner.sessionId) return 'another-session';
    if (row.used_at !== null) return 'used';
    return 'expired';
  }

  return {
    /** Keeps a previewed upload for its Import; returns the id the preview page carries. */
    async keep(
      file: string,
      format: BatchFormat,
      options: BatchOptions,
      owner: PreviewOwner,
    ): Promise<string> {
      const now = clock.now();
      await repository.prune(
        now.toISOString(),
        new Date(now.getTime() - DAY_MS).toISOString(),
        owner.sessionId,
      );
      const id = random.token(32);
      await repository.insert(
        {
          id,
          session_id: owner.sessionId,
          created_by: owner.username,
          format,
          create_new_users: options.createNewUsers ? 1 : 0,
          overwrite_existing: options.overwriteExisting ? 1 : 0,
          bytes: (await stat(file)).size,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + PREVIEW_MINUTES * 60_000).toISOString(),
          used_at: null,
        },
        partsOf(file),
      );
      return id;
    },

    /**
     * Imports a kept preview: refused (nothing imported) when it is unknown, expired, used or
     * another session's. Taken before the import starts, so a second Import of it is refused even
     * while the first runs; given back if the import fails before changing anything.
     */
    async importKept(id: string, owner: PreviewOwner, actor: Actor): Promise<KeptImport> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return { ok: false, reason: 'unknown' };
      if (!(await repository.claim(id, owner.sessionId, clock.now().toISOString())))
        return { ok: false, reason: await whyNot(id, owner) };
      const row = (await repository.find(id))!;
      const format = row.format as BatchFormat;
      const options: BatchOptions = {
        createNewUsers: row.create_new_users === 1,
        overwriteExisting: row.overwrite_existing === 1,
      };
      const dir = await mkdtemp(path.join(os.tmpdir(), 'quire-import-'));
      try {
        const file = path.join(dir, 'upload.tsv');
        await toFile(id, file);
        const report = await batchImport.importFile(file, format, options, actor);
        await repository.dropParts(id);
        return { ok: true, report, format, options };
      } catch (error) {
        await repository.release(id);
        throw error;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export type BatchImportPreviewsService = ReturnType<typeof createBatchImportPreviewsService>;
