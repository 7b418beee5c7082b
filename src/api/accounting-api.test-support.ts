/**
 * The accounting REST tests' set-up: an API test app with three users (carol in Staff) and the
 * printer ps1\\library (0.10 grey, 0.50 colour), and an assertion for problem answers.
 *
 *   const api = await startAccountingApi('sqlite');
 *   problem(await api.call('GET', '/api/v1/jobs?status=lost', READ), 400, 'status');
 */
import assert from 'node:assert/strict';
import { parseAmount } from '../accounts/money.js';
import { ACTOR, startApiTestApp, type ApiResponse, type ApiTestApp } from './api.test-support.js';

export const LONG = 'x'.repeat(10_000);
export const PRINTER = encodeURIComponent('ps1\\library');
export const READ = { token: 'accounts:read' as const };
export const WRITE = { token: 'accounts:write' as const };

/** A problem+json answer with this status, naming `field` among its errors when given. */
export function problem(response: ApiResponse, status: number, field?: string): void {
  assert.equal(response.status, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  if (field) assert.ok(response.json.errors?.[field], `names ${field}: ${response.body}`);
}

export async function startAccountingApi(kind: 'sqlite' | 'postgres'): Promise<ApiTestApp> {
  const api = await startApiTestApp(kind);
  for (const username of ['alice', 'bob', 'carol'])
    await api.t.createUser({ username, password: 'lantern-orchid-93' });
  await api.t.app.services.groups.addMember('carol', 'Staff', ACTOR);
  await api.t.app.services.printers.add(
    { server: 'ps1', name: 'library', cost_gray: parseAmount('0.1'), cost_color: parseAmount('0.5') },
    ACTOR,
  );
  return api;
}
