import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { parseMethodResponse, serializeMethodCall } from './xmlrpc.codec.js';
import { FAULT_CODES, XMLRPC_PATH } from './xmlrpc.routes.js';

describe('XML-RPC request types', () => {
  let t: TestApp;
  let log = '';
  let token = '';
  before(async () => {
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((log += chunk.toString()), done()) });
    t = await startTestApp({ logger: { level: 'info', stream } });
    token = (await t.app.services.apiTokens.create({ name: 'rpc', scopes: ['xmlrpc'] }, { username: 'test', ip: '127.0.0.1' })).token;
  });
  after(async () => t.close());

  it('answers a call of another content type with fault 1 naming the type, logged at info without a stack', async () => {
    const call = serializeMethodCall('api.getTotalUsers', [token]);
    const bodies = new Map<string, { type?: string; payload: string }>([
      ['JSON', { type: 'application/json', payload: '{"methodName": "api.getTotalUsers"}' }],
      ['broken JSON', { type: 'application/json', payload: '{"methodName": ' }],
      ['empty JSON', { type: 'application/json', payload: '' }],
      ['a form', { type: 'application/x-www-form-urlencoded', payload: 'methodName=api.getTotalUsers' }],
      ['plain text', { type: 'text/plain', payload: call }],
      ['no type', { payload: call }],
    ]);
    for (const [what, body] of bodies) {
      log = '';
      const response = await t.server.inject({ method: 'POST', url: XMLRPC_PATH, payload: body.payload, headers: body.type ? { 'content-type': body.type } : {} });
      assert.equal(response.statusCode, 200, what);
      const answer = parseMethodResponse(response.body);
      assert.ok('fault' in answer, `${what}: ${response.body}`);
      assert.equal(answer.fault.faultCode, FAULT_CODES.malformedRequest, what);
      assert.match(answer.fault.faultString, /Content-Type: text\/xml/, what);
      const entries = log.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } });
      assert.ok(entries.length > 0, `${what}: something was logged`);
      for (const entry of entries) {
        assert.ok(entry.level <= 40, `${what}: logged at ${entry.level}`);
        assert.equal(entry.err?.stack, undefined, `${what}: no stack`);
      }
    }
  });

  it('still answers text/xml and application/xml calls', async () => {
    for (const type of ['text/xml', 'application/xml; charset=utf-8']) {
      const response = await t.server.inject({ method: 'POST', url: XMLRPC_PATH, payload: serializeMethodCall('api.getTotalUsers', [token]), headers: { 'content-type': type } });
      assert.deepEqual(parseMethodResponse(response.body), { value: 0 }, type);
    }
  });
});
