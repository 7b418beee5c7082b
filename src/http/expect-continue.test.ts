import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serializeMethodCall } from '../rpc/xmlrpc.codec.js';
import { XMLRPC_BODY_LIMIT, XMLRPC_PATH } from '../rpc/rpc.plugin.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { BODY_LIMIT_BYTES } from './transport.js';

/** What the server has sent on the socket so far, waiting until `done(text)` or it closes. */
function readUntil(socket: Socket, done: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () =>
        finish(() => reject(new Error(`no complete answer in ${timeoutMs} ms; got: ${text.slice(0, 300)}`))),
      timeoutMs,
    );
    const finish = (then: () => void) => {
      clearTimeout(timer);
      socket.off('data', onData).off('close', onClose);
      then();
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (done(text)) finish(() => resolve(text));
    };
    const onClose = () => finish(() => resolve(text));
    socket.on('data', onData).on('close', onClose);
  });
}

/** A final (non-1xx) response whose headers and Content-Length body have all arrived. */
function hasFinalResponse(text: string): boolean {
  const start = text.search(/HTTP\/1\.1 [2-5]\d\d /);
  if (start < 0) return false;
  const end = text.indexOf('\r\n\r\n', start);
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(start, end));
  return text.length - (end + 4) >= Number(length?.[1] ?? 0);
}

describe('Expect: 100-continue', () => {
  let t: TestApp;
  let port = 0;
  const sockets: Socket[] = [];
  before(async () => {
    t = await startTestApp();
    await t.server.listen({ port: 0, host: '127.0.0.1' });
    port = (t.server.server.address() as { port: number }).port;
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await t.close();
  });

  async function open(
    method: string,
    path: string,
    headers: Record<string, string | number>,
  ): Promise<Socket> {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    const lines = Object.entries({ host: `127.0.0.1:${port}`, expect: '100-continue', ...headers }).map(
      ([name, value]) => `${name}: ${value}`,
    );
    socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    return socket;
  }

  it('answers 413 instead of 100 Continue when the Content-Length is over the limit', async () => {
    const cases = [
      { path: XMLRPC_PATH, type: 'text/xml', length: XMLRPC_BODY_LIMIT + 1 },
      { path: '/user/login', type: 'application/x-www-form-urlencoded', length: BODY_LIMIT_BYTES + 1 },
      { path: '/nowhere', type: 'application/x-www-form-urlencoded', length: BODY_LIMIT_BYTES + 1 },
    ];
    for (const { path, type, length } of cases) {
      const socket = await open('POST', path, { 'content-type': type, 'content-length': length });
      const answer = await readUntil(socket, hasFinalResponse);
      assert.match(answer, /^HTTP\/1\.1 413 /, `${path}: ${answer.slice(0, 200)}`);
      assert.ok(!answer.includes('100 Continue'), `${path}: no 100 Continue`);
      socket.destroy();
    }
  });

  it('answers a REST call without a token with 401 before the body is sent', async () => {
    const socket = await open('POST', '/api/v1/users', {
      'content-type': 'application/json',
      'content-length': 40,
    });
    const answer = await readUntil(socket, hasFinalResponse);
    assert.match(answer, /^HTTP\/1\.1 401 /, answer.slice(0, 200));
    socket.destroy();
  });

  it('sends 100 Continue for a body within the limit, then answers the call, however Node reads the header', async () => {
    const token = (
      await t.app.services.apiTokens.create(
        { name: 'rpc', scopes: ['xmlrpc'] },
        { username: 'test', ip: '127.0.0.1' },
      )
    ).token;
    const body = Buffer.from(serializeMethodCall('api.getTotalUsers', [token]));
    // Node takes the second spelling as an expectation too: it must get its 100, not wait.
    for (const expect of ['100-continue', '100-Continue, x-other']) {
      const socket = await open('POST', XMLRPC_PATH, {
        expect,
        'content-type': 'text/xml',
        'content-length': body.length,
      });
      const interim = await readUntil(socket, (text) => text.includes('\r\n\r\n'));
      assert.match(interim, /^HTTP\/1\.1 100 Continue\r\n\r\n$/, expect);
      socket.write(body);
      const answer = await readUntil(socket, hasFinalResponse);
      assert.match(answer, /^HTTP\/1\.1 200 /);
      assert.match(answer, /<value><int>0<\/int><\/value>/);
      socket.destroy();
    }
  });
});
