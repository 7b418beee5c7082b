/**
 * The codec against a real IPP client: CUPS's ipptool talks to a small HTTP server that reads each
 * request with readMessage and answers with encodeMessage. ipptool checks every response it
 * decodes (syntax rules of RFC 8011 included), so a pass means CUPS reads what the encoder writes;
 * the server's copy of each request shows the decoder reads what CUPS writes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cupsTestFile, ipptool, ipptoolSkip } from '../../test-support/ipptool.js';
import { encodeMessage } from './encode.js';
import { IppError } from './ipp-error.js';
import type { IppAttribute, IppMessage } from './model.js';
import { OPERATION_NAMES } from './operations.js';
import { readMessage } from './stream.js';
import * as v from './values.js';

const printer = (uri: string): IppAttribute[] => [
  v.attribute('printer-uri-supported', v.uri(uri)),
  v.attribute('charset-configured', v.charset('utf-8')),
  v.attribute('charset-supported', v.charset('utf-8')),
  v.attribute('compression-supported', v.keyword('none')),
  v.attribute('document-format-default', v.mimeMediaType('application/pdf')),
  v.attribute('document-format-supported', v.mimeMediaType('application/pdf'), v.mimeMediaType('image/jpeg')),
  v.attribute('generated-natural-language-supported', v.naturalLanguage('en')),
  v.attribute('ipp-versions-supported', v.keyword('1.1'), v.keyword('2.0')),
  v.attribute(
    'media-col-default',
    v.collection({
      'media-size': v.collection({ 'x-dimension': v.integer(21000), 'y-dimension': v.integer(29700) }),
      'media-type': v.keyword('stationery'),
    }),
  ),
  v.attribute('natural-language-configured', v.naturalLanguage('en')),
  v.attribute('operations-supported', v.enumValue(0x0002), v.enumValue(0x000b)),
  v.attribute('printer-info', v.textWithLanguage('en', 'Library, first floor')),
  v.attribute('printer-is-accepting-jobs', v.boolean(true)),
  v.attribute('printer-location', v.text('Room 1.12')),
  v.attribute('printer-make-and-model', v.text('Codec test printer')),
  v.attribute('printer-more-info', v.uri('http://127.0.0.1/printers/codec')),
  v.attribute('printer-name', v.nameWithLanguage('en', 'codec')),
  v.attribute('printer-state', v.enumValue(3)),
  v.attribute('printer-state-reasons', v.keyword('none')),
  v.attribute('printer-up-time', v.integer(1)),
  v.attribute('printer-current-time', v.dateTime(new Date())),
  v.attribute('printer-resolution-default', v.resolution(600, 600)),
  v.attribute('copies-supported', v.range(1, 999)),
  v.attribute('printer-alert-description', v.outOfBand('unknown')),
  v.attribute('x-octets', v.octetString(Buffer.from('abc'))),
  v.attribute('uri-authentication-supported', v.keyword('none')),
  v.attribute('uri-security-supported', v.keyword('none')),
];

const answerGroup = (): IppMessage['groups'][number] => ({
  tag: 'operation',
  attributes: [
    v.attribute('attributes-charset', v.charset('utf-8')),
    v.attribute('attributes-natural-language', v.naturalLanguage('en')),
  ],
});

/** Get-Printer-Attributes: the printer, and each `echo-…` operation attribute sent back as it was read. */
function answer(request: IppMessage, document: { length: number; sha256: string }, uri: string): IppMessage {
  const reply = { version: request.version, code: 0, requestId: request.requestId };
  if (OPERATION_NAMES.get(request.code) === 'Print-Job')
    return {
      ...reply,
      groups: [
        answerGroup(),
        {
          tag: 'job',
          attributes: [
            v.attribute('job-id', v.integer(1)),
            v.attribute('job-uri', v.uri(`${uri}/1`)),
            v.attribute('job-state', v.enumValue(9)),
            v.attribute('job-state-reasons', v.keyword('job-completed-successfully')),
            v.attribute('job-state-message', v.text(`${document.length} ${document.sha256}`)),
          ],
        },
      ],
    };
  const echoes = request.groups[0]?.attributes.filter((a) => a.name.startsWith('echo-')) ?? [];
  return { ...reply, groups: [answerGroup(), { tag: 'printer', attributes: [...printer(uri), ...echoes] }] };
}

const ECHO_TEST = `{
  NAME "every syntax there and back"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer echo-integer -5,2147483647
  ATTR boolean echo-boolean true
  ATTR enum echo-enum 3,5
  ATTR octetString echo-octets "abc"
  ATTR dateTime echo-date 2024-02-29T23:59:58Z
  ATTR resolution echo-resolution 600dpi,300x1200dpcm
  ATTR rangeOfInteger echo-range 1-5,7-7
  ATTR textWithLanguage echo-text-language "Grüße"
  ATTR text echo-text "line"
  ATTR name echo-name "Zoë"
  ATTR keyword echo-keyword one,V1.4
  ATTR uriScheme echo-scheme ipps
  ATTR mimeMediaType echo-mime "text/plain;charset=utf-8"
  ATTR language echo-language fr-ca
  ATTR no-value echo-no-value
  ATTR unknown echo-unknown
  ATTR collection echo-collection { MEMBER collection media-size { MEMBER integer x-dimension 21000 MEMBER integer y-dimension 29700 } MEMBER keyword media-type stationery }, { MEMBER integer x 1 }
  STATUS successful-ok
  EXPECT echo-integer OF-TYPE integer IN-GROUP printer-attributes-tag COUNT 2 WITH-VALUE -5
  EXPECT echo-integer WITH-VALUE 2147483647
  EXPECT echo-boolean OF-TYPE boolean COUNT 1 WITH-VALUE true
  EXPECT echo-enum OF-TYPE enum COUNT 2 WITH-ALL-VALUES 3,5
  EXPECT echo-octets OF-TYPE octetString COUNT 1
  EXPECT echo-date OF-TYPE dateTime COUNT 1
  EXPECT echo-resolution OF-TYPE resolution COUNT 2
  EXPECT echo-range OF-TYPE rangeOfInteger COUNT 2
  EXPECT echo-text-language OF-TYPE textWithLanguage COUNT 1
  EXPECT echo-text OF-TYPE text COUNT 1 WITH-VALUE "line"
  EXPECT echo-name OF-TYPE name COUNT 1 WITH-VALUE "Zoë"
  EXPECT echo-keyword OF-TYPE keyword COUNT 2 WITH-VALUE "V1.4"
  EXPECT echo-scheme OF-TYPE uriScheme WITH-VALUE "ipps"
  EXPECT echo-mime OF-TYPE mimeMediaType WITH-VALUE "text/plain;charset=utf-8"
  EXPECT echo-language OF-TYPE naturalLanguage WITH-VALUE "fr-ca"
  EXPECT echo-no-value OF-TYPE no-value
  EXPECT echo-unknown OF-TYPE unknown
  EXPECT echo-collection OF-TYPE collection COUNT 2
  EXPECT echo-collection/media-size/x-dimension WITH-VALUE 21000
  EXPECT echo-collection/media-type WITH-VALUE "stationery"
  EXPECT printer-current-time OF-TYPE dateTime COUNT 1
  EXPECT printer-resolution-default OF-TYPE resolution COUNT 1
  EXPECT copies-supported OF-TYPE rangeOfInteger COUNT 1
  EXPECT media-col-default/media-size/y-dimension WITH-VALUE 29700
  EXPECT printer-info OF-TYPE textWithLanguage
  EXPECT printer-name OF-TYPE nameWithLanguage
  EXPECT printer-alert-description OF-TYPE unknown
  EXPECT x-octets OF-TYPE octetString
}
`;

describe('IPP codec with CUPS ipptool as the client', { skip: ipptoolSkip() }, () => {
  let server: Server;
  let uri: string;
  let dir: string;
  const received: IppMessage[] = [];
  const documents: { length: number; sha256: string }[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse) {
    let reply: IppMessage;
    try {
      const message = await readMessage(request);
      received.push(message);
      const digest = createHash('sha256');
      let length = 0;
      for await (const chunk of request) {
        digest.update(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
      const document = { length, sha256: digest.digest('hex') };
      documents.push(document);
      reply = answer(message, document, uri);
    } catch (error) {
      if (!(error instanceof IppError)) throw error;
      reply = {
        version: { major: 2, minor: 0 },
        code: error.code,
        requestId: error.requestId ?? 0,
        groups: [answerGroup()],
      };
    }
    response.writeHead(200, { 'content-type': 'application/ipp' }).end(encodeMessage(reply));
  }

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-ipptool-'));
    server = createServer((request, response) => {
      handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    uri = `ipp://127.0.0.1:${(server.address() as { port: number }).port}/ipp/print`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes CUPS's get-printer-attributes.test", async () => {
    received.length = 0;
    const run = await ipptool(['-t', '-T', '10', uri, cupsTestFile('get-printer-attributes.test')]);
    assert.equal(run.code, 0, run.output);
    const [request] = received;
    assert.deepEqual(request?.version, { major: 2, minor: 0 });
    assert.equal(request?.code, 0x000b);
    assert.deepEqual(request?.groups[0]?.attributes.find((a) => a.name === 'requested-attributes')?.values, [
      v.keyword('all'),
      v.keyword('media-col-database'),
    ]);
  });

  it('carries a value of every syntax from ipptool and back, over IPP/1.1 and 2.0', async () => {
    const file = path.join(dir, 'echo.test');
    writeFileSync(file, ECHO_TEST);
    for (const version of ['1.1', '2.0']) {
      received.length = 0;
      const run = await ipptool(['-t', '-T', '10', '-V', version, uri, file]);
      assert.equal(run.code, 0, run.output);
      const attributes = new Map(received[0]?.groups[0]?.attributes.map((a) => [a.name, a.values]));
      assert.deepEqual(attributes.get('echo-resolution'), [
        v.resolution(600, 600),
        v.resolution(300, 1200, 'dpcm'),
      ]);
      assert.deepEqual(attributes.get('echo-date'), [
        v.dateTime(new Date(Date.UTC(2024, 1, 29, 23, 59, 58))),
      ]);
      assert.deepEqual(attributes.get('echo-text-language'), [v.textWithLanguage('', 'Grüße')]);
      assert.deepEqual(attributes.get('echo-octets'), [v.octetString(Buffer.from('abc'))]);
      assert.deepEqual(attributes.get('echo-collection')?.[1], v.collection({ x: v.integer(1) }));
    }
  });

  it('leaves the document after the attributes intact, sent chunked or with a Content-Length', async () => {
    const document = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < document.length; i++) document[i] = (i * 7919) & 0xff;
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, document);
    const sha256 = createHash('sha256').update(document).digest('hex');
    const test = path.join(dir, 'print.test');
    writeFileSync(
      test,
      `{
  NAME "Print-Job with a document"
  OPERATION Print-Job
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name alice
  ATTR mimeMediaType document-format application/pdf
  FILE $filename
  STATUS successful-ok
  EXPECT job-state-message WITH-VALUE "${document.length} ${sha256}"
}
`,
    );
    for (const transfer of ['-C', '-L']) {
      documents.length = 0;
      const run = await ipptool(['-t', '-T', '30', transfer, '-f', file, uri, test]);
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(documents, [{ length: document.length, sha256 }]);
    }
  });

  it('refuses IPP/0.0 with server-error-version-not-supported, as ipptool expects', async () => {
    const test = path.join(dir, 'version.test');
    writeFileSync(
      test,
      `{
  NAME "Unsupported IPP version 0.0"
  VERSION 0.0
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  STATUS server-error-version-not-supported
  EXPECT !printer-uri-supported
}
`,
    );
    received.length = 0;
    const run = await ipptool(['-t', '-T', '10', uri, test]);
    assert.equal(run.code, 0, run.output);
    assert.equal(received.length, 0);
  });
});
