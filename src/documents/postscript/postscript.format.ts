/**
 * PostScript (application/postscript): a program, so its pages are only known by running it —
 * with a real interpreter, Ghostscript, when the server has one (ghostscript.ts). DSC comments
 * (%%Pages:) are not trusted. Without Ghostscript the document is refused with a message saying so,
 * and `available()` is false so the IPP layer need not list the format.
 *
 *   await postscriptFormat.count(path); // { format: 'postscript', pages: 4, pageDetails: null }
 *   createPostScriptFormat({ ghostscript: async () => null }); // refuses: Ghostscript missing
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { DocumentError } from '../../errors.js';
import type { DocumentFormat } from '../document-format.js';
import { countWithGhostscript } from './ghostscript.js';

export interface PostScriptOptions {
  /** Where Ghostscript is, or null when it is not installed (default: `gs` on the PATH). */
  ghostscript?: () => Promise<string | null>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The first executable `name` in the PATH's directories, or null. */
export async function findOnPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

/** %!, also after a Ctrl-D or a UTF-8 byte-order mark; a DOS EPS binary header (C5 D0 D3 C6). */
function looksLikePostScript(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 8)).toString('latin1');
  return /^(\x04|\xEF\xBB\xBF)?%!/.test(text) || text.startsWith('\xC5\xD0\xD3\xC6');
}

export function createPostScriptFormat(options: PostScriptOptions = {}): DocumentFormat {
  const ghostscript = options.ghostscript ?? (() => findOnPath('gs'));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: 'postscript',
    mimeType: 'application/postscript',
    sniff: looksLikePostScript,
    available: async () => (await ghostscript()) !== null,
    async count(document, countOptions = {}) {
      const gs = await ghostscript();
      if (!gs) throw new DocumentError('interpreter-missing', 'PostScript needs Ghostscript on the server.');
      const pages = await countWithGhostscript(gs, document, { timeoutMs, signal: countOptions.signal });
      return { format: 'postscript', pages, pageDetails: null };
    },
  };
}

export const postscriptFormat = createPostScriptFormat();
