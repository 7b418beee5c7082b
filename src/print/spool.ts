/**
 * The spool: print jobs' documents as files in one directory (QUIRE_SPOOL_DIR), written as they
 * stream in, never held whole in memory, readable by Quire's user only (0600, in a 0700
 * directory). With several servers the directory is shared, so a job held through one server can
 * be released and forwarded through another; file names carry the job id and a random part, so no
 * two servers ever write one file.
 *
 *   const size = await spool.write('42-Xa9.job', request.raw, 1 << 30);
 *   await countPages(spool.path('42-Xa9.job'), 'application/pdf');
 *   await spool.remove('42-Xa9.job');
 */
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DocumentTooLargeError, StorageFullError } from '../errors.js';

export interface Spool {
  /**
   * Writes `document` to a new file; resolves with its size once it is all on disk. A document past
   * `maxBytes` (DocumentTooLargeError), a broken stream or a full disk leaves no file behind.
   */
  write(name: string, document: AsyncIterable<Uint8Array>, maxBytes: number): Promise<number>;
  /** The file's full path, for the page counter and the forwarder. */
  path(name: string): string;
  /** Removes the file; one already gone is fine (another server, or an earlier attempt, removed it). */
  remove(name: string): Promise<void>;
}

/** The names the spool makes: `<job id>-<random>.job`. Anything else is refused (no path may escape). */
const SPOOL_NAME = /^\d{1,12}-[A-Za-z0-9_-]{1,64}\.job$/;

export function spoolFileName(jobId: number, random: string): string {
  return `${jobId}-${random}.job`;
}

export function createFileSpool(dir: string): Spool {
  let ready: Promise<unknown> | undefined;
  const pathOf = (name: string) => {
    if (!SPOOL_NAME.test(name)) throw new Error(`not a spool file name: ${JSON.stringify(name)}`);
    return path.join(dir, name);
  };
  return {
    async write(name, document, maxBytes) {
      const file = pathOf(name);
      // A failed mkdir is tried again by the next job instead of being remembered.
      ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      let size = 0;
      // 'wx': never write over a file that exists (and so never remove one this call did not create).
      const handle = await open(file, 'wx', 0o600);
      try {
        await pipeline(
          document,
          async function* limit(chunks: AsyncIterable<Uint8Array>) {
            for await (const chunk of chunks) {
              size += chunk.byteLength;
              if (size > maxBytes) throw new DocumentTooLargeError(maxBytes);
              yield chunk;
            }
          },
          // Up to 1 MiB waits while a write is in flight and goes in one writev, instead of one
          // write per socket chunk (the default 16 KiB stops the socket after every chunk).
          handle.createWriteStream({ highWaterMark: 1024 ** 2 }),
        );
      } catch (error) {
        await handle.close().catch(() => undefined);
        await rm(file, { force: true });
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
          throw new StorageFullError('The print spool’s disk is full; try again later.');
        throw error;
      }
      return size;
    },
    path: pathOf,
    async remove(name) {
      await rm(pathOf(name), { force: true });
    },
  };
}
