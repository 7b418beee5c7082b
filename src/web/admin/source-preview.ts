/**
 * "Test settings" of any source form: checks the unsaved client, reads its first users and groups,
 * saves nothing, and closes it. A source that fails is a result to show, never a 500.
 *
 *   const result = await previewSource(request, await sources.test(kind, input, source.id, actor));
 */
import type { FastifyRequest } from 'fastify';
import type { DirectoryClient } from '../../directory/directory.port.js';
import { SourceError } from '../../errors.js';
import type { SourceTestResult } from './source-form.pages.js';

/** How many users and groups "Test settings" shows. */
const TEST_SAMPLE = 10;

/** Entries from the first pages of a stream, stopping (and closing the search) once there are enough. */
async function firstEntries<T>(pages: AsyncIterable<T[]>, wanted: number): Promise<T[]> {
  const entries: T[] = [];
  for await (const page of pages) {
    entries.push(...page);
    if (entries.length >= wanted) break;
  }
  return entries.slice(0, wanted);
}

export async function previewSource(
  request: FastifyRequest,
  client: DirectoryClient,
): Promise<SourceTestResult> {
  try {
    await client.check();
    const found = await firstEntries(client.users(), TEST_SAMPLE);
    const groups = await firstEntries(client.groups(), TEST_SAMPLE);
    return {
      ok: true,
      users: found.map((u) => ({
        username: u.username,
        fullName: u.fullName,
        email: u.email,
        disabled: u.disabled,
      })),
      groups: groups.map((g) => ({ name: g.name, members: g.memberRefs.length })),
    };
  } catch (error) {
    if (error instanceof SourceError) return { ok: false, message: error.message };
    // The test talks to a server the administrator just typed in: whatever goes wrong there is
    // a result to show, not a server error. It is logged in case it is a bug of ours.
    request.log.warn({ err: error }, 'Test settings failed unexpectedly');
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.close().catch(() => undefined);
  }
}
