import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildServer } from '../http/server.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { encodeMessage } from './encoding/encode.js';
import { operationCode } from './encoding/operations.js';
import { attribute, charset, keyword, mimeMediaType, name, naturalLanguage, uri } from './encoding/values.js';
import { postIpp, QUEUE_HOST, request } from './ipp.test-support.js';
import { DOCUMENT_FORMATS } from './printer-attributes.js';
import { PRINTER_OPERATIONS } from './printer-ipp.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const GPA = 'Get-Printer-Attributes';

for (const kind of DATABASE_KINDS) {
  describe(
    `IPP print queues: Get-Printer-Attributes and refusals [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;

      before(async () => {
        t = await startTestApp({ kind, env: { QUIRE_TRUSTED_PROXIES: '127.0.0.1' } });
        await t.app.services.printers.add(
          { name: 'library', display_name: 'Library', location: 'First floor' },
          ACTOR,
        );
        await t.app.services.printers.add({ name: 'Room 2/B', location: '' }, ACTOR);
        await t.app.services.printers.add({ name: 'closed' }, ACTOR);
        await t.app.services.printers.update(undefined, 'closed', { enabled: 0 }, ACTOR);
      });
      after(async () => t?.close());

      it("answers with the queue's attributes, in the request's version and with its request-id", async () => {
        for (const version of [
          { major: 1, minor: 1 },
          { major: 2, minor: 0 },
        ]) {
          const reply = await postIpp(
            t.server,
            '/printers/library',
            request(GPA, 'library', [], { version, requestId: 4242 }),
          );
          assert.equal(reply.httpStatus, 200);
          assert.equal(reply.contentType, 'application/ipp');
          assert.equal(reply.status, 'successful-ok');
          assert.deepEqual(reply.message.version, version);
          assert.equal(reply.message.requestId, 4242);
          const printer = reply.group('printer');
          assert.deepEqual(printer.get('printer-name'), [name('library')]);
          assert.deepEqual(printer.get('printer-info'), [{ tag: 'textWithoutLanguage', value: 'Library' }]);
          assert.deepEqual(printer.get('printer-uri-supported'), [
            uri(`ipp://${QUEUE_HOST}/printers/library`),
          ]);
          assert.deepEqual(printer.get('uri-security-supported'), [keyword('none')]);
          assert.deepEqual(printer.get('document-format-supported'), DOCUMENT_FORMATS.map(mimeMediaType));
          assert.deepEqual(
            printer.get('operations-supported'),
            [...PRINTER_OPERATIONS.keys()]
              .sort((a, b) => a - b)
              .map((code) => ({ tag: 'enum', value: code })),
          );
          assert.ok(
            printer
              .get('operations-supported')
              ?.some((v) => 'value' in v && v.value === operationCode('Print-Job')),
          );
          assert.deepEqual(printer.get('uri-authentication-supported'), [keyword('basic')]);
          assert.deepEqual(printer.get('printer-state'), [{ tag: 'enum', value: 3 }]);
          assert.deepEqual(printer.get('printer-is-accepting-jobs'), [{ tag: 'boolean', value: true }]);
          assert.equal(printer.get('media-col-database'), undefined, 'only when requested by name');
          const names = [...printer.keys()];
          assert.deepEqual(names, [...names].sort());
        }
      });

      it('returns only what requested-attributes names, by name or group', async () => {
        const ask = async (...names: string[]) => [
          ...(
            await postIpp(
              t.server,
              '/printers/library',
              request(GPA, 'library', [attribute('requested-attributes', ...names.map(keyword))]),
            )
          )
            .group('printer')
            .keys(),
        ];
        assert.deepEqual(await ask('printer-name', 'media-col-database', 'no-such-attribute'), [
          'media-col-database',
          'printer-name',
        ]);
        const template = await ask('job-template');
        assert.ok(template.includes('copies-supported') && template.includes('sides-default'));
        assert.ok(!template.includes('printer-name'));
        const description = await ask('printer-description');
        assert.ok(description.includes('printer-name') && !description.includes('copies-default'));
        assert.ok((await ask('all', 'media-col-database')).includes('media-col-database'));
      });

      it('names a queue whose name needs encoding, and says when one is disabled', async () => {
        const room = await postIpp(t.server, '/printers/Room%202%2FB', request(GPA, 'Room 2/B'));
        assert.equal(room.status, 'successful-ok', room.statusMessage);
        assert.deepEqual(room.group('printer').get('printer-uri-supported'), [
          uri(`ipp://${QUEUE_HOST}/printers/Room%202%2FB`),
        ]);
        const closed = (await postIpp(t.server, '/printers/closed', request(GPA, 'closed'))).group('printer');
        assert.deepEqual(closed.get('printer-state'), [{ tag: 'enum', value: 5 }]);
        assert.deepEqual(closed.get('printer-state-reasons'), [keyword('paused')]);
        assert.deepEqual(closed.get('printer-is-accepting-jobs'), [{ tag: 'boolean', value: false }]);
      });

      it('gives ipps:// and tls to a client that came over HTTPS', async () => {
        const reply = await postIpp(t.server, '/printers/library', request(GPA, 'library'), {
          'x-forwarded-proto': 'https',
        });
        assert.deepEqual(reply.group('printer').get('printer-uri-supported'), [
          uri(`ipps://${QUEUE_HOST}/printers/library`),
        ]);
        assert.deepEqual(reply.group('printer').get('uri-security-supported'), [keyword('tls')]);
      });

      it('returns attributes it does not support in the unsupported group', async () => {
        const reply = await postIpp(
          t.server,
          '/printers/library',
          request(GPA, 'library', [
            attribute('job-name', name('x')),
            attribute('document-format', mimeMediaType('text/plain')),
          ]),
        );
        assert.equal(reply.status, 'successful-ok-ignored-or-substituted-attributes');
        assert.deepEqual(
          [...reply.group('unsupported')],
          [
            ['job-name', [{ tag: 'unsupported' }]],
            ['document-format', [mimeMediaType('text/plain')]],
          ],
        );
        assert.ok(reply.group('printer').has('printer-name'));
      });

      const REFUSED: [string, string, Buffer, string][] = [
        [
          'an unknown queue',
          '/printers/nowhere',
          encodeMessage(request(GPA, 'nowhere')),
          'client-error-not-found',
        ],
        [
          'a printer-uri naming another queue',
          '/printers/library',
          encodeMessage(request(GPA, 'closed')),
          'client-error-not-found',
        ],
        [
          'an operation Quire does not do',
          '/printers/library',
          encodeMessage(request('Pause-Printer', 'library')),
          'server-error-operation-not-supported',
        ],
        [
          'an unregistered operation',
          '/printers/library',
          encodeMessage(request(0x3333, 'library')),
          'server-error-operation-not-supported',
        ],
        [
          'IPP/3.0',
          '/printers/library',
          encodeMessage(request(GPA, 'library', [], { version: { major: 3, minor: 0 } })),
          'server-error-version-not-supported',
        ],
        [
          'request-id 0',
          '/printers/library',
          encodeMessage(request(GPA, 'library', [], { requestId: 0 })),
          'client-error-bad-request',
        ],
        [
          'no printer-uri',
          '/printers/library',
          encodeMessage({
            ...request(GPA, 'library'),
            groups: [
              {
                tag: 'operation',
                attributes: [
                  attribute('attributes-charset', charset('utf-8')),
                  attribute('attributes-natural-language', naturalLanguage('en')),
                ],
              },
            ],
          }),
          'client-error-bad-request',
        ],
        [
          'a printer-uri that is a keyword',
          '/printers/library',
          encodeMessage({
            ...request(GPA, 'library'),
            groups: [
              {
                tag: 'operation',
                attributes: [
                  attribute('attributes-charset', charset('utf-8')),
                  attribute('attributes-natural-language', naturalLanguage('en')),
                  attribute('printer-uri', keyword('library')),
                ],
              },
            ],
          }),
          'client-error-bad-request',
        ],
        [
          'the natural language before the charset',
          '/printers/library',
          encodeMessage({
            ...request(GPA, 'library'),
            groups: [
              {
                tag: 'operation',
                attributes: [
                  attribute('attributes-natural-language', naturalLanguage('en')),
                  attribute('attributes-charset', charset('utf-8')),
                ],
              },
            ],
          }),
          'client-error-bad-request',
        ],
        [
          'a charset other than UTF-8',
          '/printers/library',
          encodeMessage({
            ...request(GPA, 'library'),
            groups: [
              {
                tag: 'operation',
                attributes: [
                  attribute('attributes-charset', charset('iso-8859-1')),
                  attribute('attributes-natural-language', naturalLanguage('en')),
                ],
              },
            ],
          }),
          'client-error-charset-not-supported',
        ],
        [
          'two operation groups',
          '/printers/library',
          encodeMessage({
            ...request(GPA, 'library'),
            groups: [...request(GPA, 'library').groups, ...request(GPA, 'library').groups],
          }),
          'client-error-bad-request',
        ],
        [
          'a truncated message',
          '/printers/library',
          encodeMessage(request(GPA, 'library')).subarray(0, 30),
          'client-error-bad-request',
        ],
        ['an empty body', '/printers/library', Buffer.alloc(0), 'client-error-bad-request'],
        [
          'a text value of 2000 octets',
          '/printers/library',
          encodeMessage(request(GPA, 'library', [attribute('requesting-user-name', name('n'.repeat(2000)))])),
          'client-error-request-value-too-long',
        ],
      ];
      for (const [what, path, body, status] of REFUSED) {
        it(`answers ${what} with ${status}, in IPP`, async () => {
          const reply = await postIpp(t.server, path, body);
          assert.equal(reply.httpStatus, 200);
          assert.equal(reply.status, status, reply.statusMessage);
          assert.ok(reply.statusMessage, 'a status-message says why');
          assert.equal(reply.group('printer').size, 0);
          if (body.length >= 8) assert.equal(reply.message.requestId, body.readInt32BE(4));
        });
      }

      it('answers an unsupported version in the closest supported one', async () => {
        const old = await postIpp(
          t.server,
          '/printers/library',
          request(GPA, 'library', [], { version: { major: 0, minor: 9 } }),
        );
        assert.deepEqual(old.message.version, { major: 1, minor: 1 });
        const future = await postIpp(
          t.server,
          '/printers/library',
          request(GPA, 'library', [], { version: { major: 3, minor: 0 } }),
        );
        assert.deepEqual(future.message.version, { major: 2, minor: 0 });
      });

      it('answers a failure of its own with server-error-internal-error, not a 500', async () => {
        const printers = t.app.services.printers;
        const original = printers.require;
        printers.require = async () => {
          throw new Error('the database is gone');
        };
        try {
          const reply = await postIpp(t.server, '/printers/library', request(GPA, 'library'));
          assert.equal(reply.httpStatus, 200);
          assert.equal(reply.status, 'server-error-internal-error');
          assert.doesNotMatch(reply.statusMessage ?? '', /database/);
        } finally {
          printers.require = original;
        }
      });

      it('refuses a body that is not IPP with 415, unread', async () => {
        const response = await t.server.inject({
          method: 'POST',
          url: '/printers/library',
          payload: 'a=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(response.statusCode, 415);
        assert.match(response.body, /application\/ipp/);
      });

      it('is not redirected to HTTPS: IPP clients do not follow redirects', async () => {
        const redirecting = await buildServer(t.app, { logger: false, redirectToHttpsPort: 9192 });
        try {
          const reply = await postIpp(redirecting, '/printers/library', request(GPA, 'library'));
          assert.equal(reply.status, 'successful-ok');
          assert.equal((await redirecting.inject({ method: 'GET', url: '/user' })).statusCode, 308);
        } finally {
          await redirecting.close();
        }
      });

      it('drops a document sent with a refused request and keeps the connection for the next', async () => {
        await t.server.listen({ port: 0, host: '127.0.0.1' });
        const port = (t.server.server.address() as { port: number }).port;
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const post = (path: string, body: Buffer) =>
          new Promise<{ status: number; body: Buffer; port: number | undefined }>((resolve, reject) => {
            const req = httpRequest(
              {
                host: '127.0.0.1',
                port,
                path,
                method: 'POST',
                agent,
                headers: { 'content-type': 'application/ipp' },
              },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (chunk: Buffer) => chunks.push(chunk));
                res.on('end', () =>
                  resolve({
                    status: res.statusCode ?? 0,
                    body: Buffer.concat(chunks),
                    port: req.socket?.localPort,
                  }),
                );
              },
            );
            req.on('error', reject);
            req.end(body);
          });
        try {
          const document = Buffer.alloc(5 * 1024 * 1024, 0x25);
          const refused = await post(
            '/printers/nowhere',
            Buffer.concat([encodeMessage(request('Print-Job', 'nowhere')), document]),
          );
          assert.equal(refused.status, 200);
          const next = await post('/printers/library', encodeMessage(request(GPA, 'library')));
          assert.equal(next.status, 200);
          assert.equal(next.port, refused.port, 'the same connection served the next request');
          assert.equal(next.body.readInt16BE(2), 0, 'successful-ok');
        } finally {
          agent.destroy();
        }
      });
    },
  );
}
