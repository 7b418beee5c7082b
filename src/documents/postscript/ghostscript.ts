/**
 * Runs Ghostscript's bbox device over a PostScript document and counts the pages it really
 * produces: the bbox device writes one "%%BoundingBox:" line to stderr per page that showpage
 * emits, whatever the document's DSC comments (%%Pages:) claim. A child process with -dSAFER, a
 * time limit and an output limit, killed at either; stdin is closed.
 *
 *   const pages = await countWithGhostscript('/usr/bin/gs', '/var/spool/quire/7.data', { timeoutMs: 60_000 });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DocumentError } from '../../errors.js';
import { MAX_PAGES } from '../document-format.js';

export interface GhostscriptRun {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** stdout + stderr past this stop the run: a document printing endless text is refused. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const PAGE_LINE = /^%%BoundingBox: /;

export function countWithGhostscript(gs: string, document: string, run: GhostscriptRun): Promise<number> {
  // An absolute path, so that a file name can never be read as an option.
  const args = ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=bbox', '-f', path.resolve(document)];
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(gs, args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(notRunnable(error));
      return;
    }
    let pages = 0;
    let output = 0;
    let partial = '';
    /** The start of what Ghostscript says on stdout, where its error message is (read at the end). */
    let said = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      stop(child);
      outcome();
    };
    const refuse = (reason: 'format-error' | 'unprintable', message: string) =>
      finish(() => reject(new DocumentError(reason, message)));
    const timer = setTimeout(
      () =>
        refuse(
          'unprintable',
          `Ghostscript did not finish the PostScript document within ${run.timeoutMs} ms.`,
        ),
      run.timeoutMs,
    );
    const onAbort = () => refuse('unprintable', 'Counting the PostScript document was stopped.');
    run.signal?.addEventListener('abort', onAbort);
    if (run.signal?.aborted) onAbort();
    const countOutput = (chunk: Buffer) => {
      output += chunk.length;
      if (output > MAX_OUTPUT_BYTES)
        refuse('unprintable', 'The PostScript document printed too much output.');
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      countOutput(chunk);
      // A message may arrive cut across chunks: keep the start and read it whole at the end.
      if (said.length < SAID_BYTES) said = (said + chunk.toString('latin1')).slice(0, SAID_BYTES);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      countOutput(chunk);
      const lines = (partial + chunk.toString('latin1')).split('\n');
      partial = (lines.pop() ?? '').slice(0, 256);
      for (const line of lines) if (PAGE_LINE.test(line)) pages++;
      if (pages > MAX_PAGES)
        refuse('unprintable', `The PostScript document has more than ${MAX_PAGES} pages.`);
    });
    child.on('error', (error) => finish(() => reject(notRunnable(error))));
    child.on('close', (code) => {
      if (PAGE_LINE.test(partial)) pages++;
      if (code !== 0) {
        const errorLine = firstErrorLine(said);
        const why = errorLine ? ` (${errorLine})` : '';
        refuse('format-error', `Ghostscript could not interpret the PostScript document${why}.`);
      } else if (pages === 0) refuse('format-error', 'The PostScript document has no pages.');
      else finish(() => resolve(pages));
    });
  });
}

/** "Error: /undefined in foo", the line Ghostscript prints first for a PostScript error. */
/** How much of Ghostscript's stdout is kept for its error message. */
const SAID_BYTES = 4096;

function firstErrorLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith('Error: '));
  return line ? line.slice(0, 200) : '';
}

function notRunnable(error: unknown): DocumentError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new DocumentError('interpreter-missing', `Ghostscript could not be run (${code}).`);
}

/** Ghostscript under -dSAFER starts no programs of its own, so ending it ends the run. */
function stop(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
