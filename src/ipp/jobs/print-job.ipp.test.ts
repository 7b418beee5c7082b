/**
 * Jobs through IPP, end to end through the Fastify endpoint, the print service, the real page
 * counter and charging: Print-Job, Validate-Job, Create-Job + Send-Document, Get-Job-Attributes,
 * Get-Jobs, Cancel-Job, with both ways of identifying users and the refusals of each.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { buildPdf, flatPdf } from '../../documents/document-fixtures.test-support.js';
import { $, ACTOR, PASSWORD, startPrintTest, type PrintTest } from '../../print/print.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { encodeMessage } from '../encoding/encode.js';
import type { IppAttribute, IppMessage } from '../encoding/model.js';
import {
  attribute,
  boolean,
  collection,
  integer,
  keyword,
  mimeMediaType,
  name,
  range,
  uri,
} from '../encoding/values.js';
import { postIpp, QUEUE_HOST, request, type IppReply } from '../ipp.test-support.js';
import { forgetRememberedCredentials } from './requester.js';

const basic = (username: string, password = PASSWORD) => ({
  authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});
const PDF = 'application/pdf';

/** A job group (for template attributes) after the request's operation group. */
function withJob(message: IppMessage, job: IppAttribute[]): IppMessage {
  return job.length === 0
    ? message
    : { ...message, groups: [...message.groups, { tag: 'job', attributes: job }] };
}

/** A Print-Job from alice with a PDF; `extra` operation attributes replace those of the same name. */
function printJob(queue: string, extra: IppAttribute[] = [], job: IppAttribute[] = []): IppMessage {
  const given = new Set(extra.map((a) => a.name));
  const defaults = [
    attribute('requesting-user-name', name('alice')),
    attribute('job-name', name('Essay.pdf')),
    attribute('document-format', mimeMediaType(PDF)),
  ].filter((a) => !given.has(a.name));
  return withJob(request('Print-Job', queue, [...defaults, ...extra]), job);
}

const body = (message: IppMessage, document: Buffer = flatPdf(3)) =>
  Buffer.concat([encodeMessage(message), document]);

const one = (reply: IppReply, group: 'job' | 'operation' | 'unsupported', attribute: string) =>
  reply.group(group).get(attribute)?.[0];
const jobId = (reply: IppReply) => (one(reply, 'job', 'job-id') as { value: number }).value;
const jobState = (reply: IppReply) => (one(reply, 'job', 'job-state') as { value: number }).value;

for (const kind of DATABASE_KINDS) {
  describe(`IPP jobs [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let p: PrintTest;
    const post = (path: string, payload: Buffer | IppMessage, headers = {}, from?: string) =>
      postIpp(p.server, path, payload, headers, from);
    const balance = async (username: string) =>
      (await p.services.accounts.accountOf(username)).account.balance;
    const charged = async (id: number) => {
      const job = await p.services.printJobs.get(id);
      return job.chargedJobId === null ? undefined : p.services.jobLog.require(job.chargedJobId);
    };

    before(async () => {
      p = await startPrintTest(kind);
      await p.services.printers.add(
        { server: 'ps1', name: 'front', cost_gray: $('0.10'), cost_color: $('0.10'), auth_mode: 'trusted' },
        ACTOR,
      );
      await p.services.settings.update({ printServerAddresses: '10.1.1.0/24' });
    });
    after(async () => p?.close());
    afterEach(() => {
      forgetRememberedCredentials();
      return assertLedgerSums(p.services);
    });

    it('asks for a password with an HTTP Basic challenge, and refuses a wrong one the same way', async () => {
      const without = await post('/printers/lab', body(printJob('lab')));
      assert.equal(without.httpStatus, 401);
      assert.match(String(without.headers['www-authenticate']), /^Basic realm="Quire print queues"/);
      assert.equal(without.status, 'client-error-not-authenticated');
      const wrong = await post('/printers/lab', body(printJob('lab')), basic('alice', 'not-her-password'));
      assert.equal(wrong.httpStatus, 401);
      assert.equal(wrong.status, 'client-error-not-authenticated');
      assert.deepEqual(await p.services.printJobs.list({ username: 'alice', which: 'all' }), []);
    });

    it('refuses a password over plain HTTP from another machine, and takes it over TLS', async () => {
      const plain = await post('/printers/lab', body(printJob('lab')), basic('alice'), '192.0.2.7');
      assert.equal(plain.httpStatus, 200);
      assert.equal(plain.status, 'client-error-not-authorized');
      assert.match(plain.statusMessage ?? '', /ipps:\/\//);
      assert.deepEqual(await p.services.printJobs.list({ username: 'alice', which: 'all' }), []);
    });

    it('prints a PDF: counts its real pages, charges them at the printer’s rates, and queues it', async () => {
      const before = await balance('alice');
      // The page tree holds 3 pages; /Count claims 1.
      const reply = await post('/printers/lab', body(printJob('lab'), flatPdf(3, 1)), basic('alice'));
      assert.equal(reply.status, 'successful-ok', reply.statusMessage);
      assert.equal(jobState(reply), 3);
      assert.deepEqual(reply.group('job').get('job-state-reasons'), [keyword('job-queued')]);
      assert.deepEqual(reply.group('job').get('job-uri'), [
        uri(`ipp://${QUEUE_HOST}/printers/lab/${jobId(reply)}`),
      ]);
      const job = await charged(jobId(reply));
      assert.equal(job?.total_pages, 3);
      assert.equal(job?.document_name, 'Essay.pdf');
      assert.equal(await balance('alice'), before - $('0.60'));
    });

    it('charges what copies, page-ranges, number-up, sides and colour mode select', async () => {
      const before = await balance('alice');
      const reply = await post(
        '/printers/lab',
        body(
          printJob(
            'lab',
            [],
            [
              attribute('copies', integer(2)),
              attribute('page-ranges', range(1, 4), range(7, 9)),
              attribute('number-up', integer(2)),
              attribute('print-color-mode', keyword('monochrome')),
              attribute(
                'media-col',
                collection({
                  'media-size': collection({ 'x-dimension': integer(29700), 'y-dimension': integer(42000) }),
                }),
              ),
            ],
          ),
          flatPdf(10),
        ),
        basic('alice'),
      );
      assert.equal(reply.status, 'successful-ok', reply.statusMessage);
      const job = await p.services.printJobs.get(jobId(reply));
      // 7 pages selected, 2 to a side: 4 sides, twice.
      assert.deepEqual([job.pages, job.colorPages, job.copies, job.media], [4, 0, 2, 'iso_a3_297x420mm']);
      assert.equal(await balance('alice'), before - $('1.60'));
    });

    it('takes application/octet-stream and stores the format it recognised', async () => {
      const reply = await post(
        '/printers/lab',
        body(printJob('lab', [attribute('document-format', mimeMediaType('application/octet-stream'))])),
        basic('alice'),
      );
      assert.equal(reply.status, 'successful-ok', reply.statusMessage);
      assert.equal((await p.services.printJobs.get(jobId(reply))).format, PDF);
    });

    it('refuses other formats, compression, and bad documents, charging nothing', async () => {
      const before = await balance('alice');
      const spooled = p.spoolFiles();
      const cases: [string, Buffer, string][] = [
        [
          'text/plain',
          body(printJob('lab', [attribute('document-format', mimeMediaType('text/plain'))])),
          'client-error-document-format-not-supported',
        ],
        [
          'gzip',
          body(printJob('lab', [attribute('compression', keyword('gzip'))])),
          'client-error-compression-not-supported',
        ],
        [
          'a truncated PDF',
          body(printJob('lab'), flatPdf(3).subarray(0, 120)),
          'client-error-document-format-error',
        ],
        [
          'no PDF at all',
          body(printJob('lab'), Buffer.from('%PDF-1.4\nnothing here')),
          'client-error-document-format-error',
        ],
        [
          'unrecognisable bytes',
          body(
            printJob('lab', [attribute('document-format', mimeMediaType('application/octet-stream'))]),
            Buffer.from('hello'),
          ),
          'client-error-document-format-not-supported',
        ],
        [
          'a PDF without pages',
          body(
            printJob('lab'),
            buildPdf([
              [1, '<< /Type /Catalog /Pages 2 0 R >>'],
              [2, '<< /Type /Pages /Kids [] /Count 0 >>'],
            ]),
          ),
          'client-error-document-unprintable-error',
        ],
      ];
      for (const [label, payload, status] of cases) {
        const reply = await post('/printers/lab', payload, basic('alice'));
        assert.equal(reply.status, status, `${label}: ${reply.statusMessage}`);
        assert.ok(reply.statusMessage, label);
      }
      assert.equal(await balance('alice'), before);
      assert.deepEqual(p.spoolFiles(), spooled, 'no refused document stays in the spool');
    });

    it('ignores unsupported attributes, or refuses the job when fidelity is asked for', async () => {
      const odd = [attribute('output-bin', keyword('top')), attribute('sides', keyword('three-sided'))];
      const lenient = await post('/printers/lab', body(printJob('lab', [], odd)), basic('alice'));
      assert.equal(lenient.status, 'successful-ok-ignored-or-substituted-attributes');
      assert.deepEqual([...lenient.group('unsupported').keys()], ['output-bin', 'sides']);
      const strict = await post(
        '/printers/lab',
        body(printJob('lab', [attribute('ipp-attribute-fidelity', boolean(true))], odd)),
        basic('alice'),
      );
      assert.equal(strict.status, 'client-error-attributes-or-values-not-supported');
      assert.deepEqual([...strict.group('unsupported').keys()], ['output-bin', 'sides']);
    });

    it('ends the job aborted with the reason when a restricted account has no credit', async () => {
      const reply = await post('/printers/lab', body(printJob('lab')), basic('bob'));
      assert.equal(reply.status, 'successful-ok');
      assert.equal(jobState(reply), 8);
      assert.deepEqual(reply.group('job').get('job-state-reasons'), [
        keyword('aborted-by-system'),
        keyword('account-authorization-failed'),
      ]);
      assert.match(
        String((one(reply, 'job', 'job-state-message') as { value: string }).value),
        /credit|balance/i,
      );
      assert.equal(await balance('bob'), 0);
    });

    it('validates a job without storing one', async () => {
      const ok = await post('/printers/lab', request('Validate-Job', 'lab'), basic('alice'));
      assert.equal(ok.status, 'successful-ok');
      await p.services.printers.update('ps1', 'north', { enabled: 0 }, ACTOR);
      const closed = await post('/printers/north', request('Validate-Job', 'north'), basic('alice'));
      assert.equal(closed.status, 'server-error-not-accepting-jobs');
      const format = await post(
        '/printers/lab',
        request('Validate-Job', 'lab', [attribute('document-format', mimeMediaType('text/html'))]),
        basic('alice'),
      );
      assert.equal(format.status, 'client-error-document-format-not-supported');
    });

    it('holds a job on a hold queue uncharged, lists it, and cancels it once', async () => {
      const before = await balance('alice');
      const reply = await post('/printers/secure', body(printJob('secure')), basic('alice'));
      assert.equal(jobState(reply), 4);
      assert.equal(await balance('alice'), before);
      const id = jobId(reply);
      const listed = await post(
        '/printers/secure',
        request('Get-Jobs', 'secure', [
          attribute('requested-attributes', keyword('job-id'), keyword('job-state')),
        ]),
        basic('alice'),
      );
      assert.deepEqual(listed.group('job').get('job-id'), [integer(id)]);
      const others = await post('/printers/secure', request('Get-Jobs', 'secure'), basic('carol'));
      assert.equal(others.group('job').size, 0, 'carol sees none of alice’s jobs');
      const foreign = await post(
        '/printers/secure',
        request('Cancel-Job', 'secure', [attribute('job-id', integer(id))]),
        basic('carol'),
      );
      assert.equal(foreign.status, 'client-error-not-authorized');
      const cancel = await post(
        '/printers/secure',
        request('Cancel-Job', 'secure', [attribute('job-id', integer(id))]),
        basic('alice'),
      );
      assert.equal(cancel.status, 'successful-ok');
      const again = await post(
        '/printers/secure',
        request('Cancel-Job', 'secure', [attribute('job-id', integer(id))]),
        basic('alice'),
      );
      assert.equal(again.status, 'client-error-not-possible');
      const attributes = await post(
        `/printers/secure/${id}`,
        {
          ...request('Get-Job-Attributes', 'secure'),
          groups: [
            {
              tag: 'operation',
              attributes: [
                ...request('Get-Job-Attributes', 'secure').groups[0]!.attributes.filter(
                  (a) => a.name !== 'printer-uri',
                ),
                attribute('job-uri', uri(`ipp://${QUEUE_HOST}/printers/secure/${id}`)),
              ],
            },
          ],
        },
        basic('alice'),
      );
      assert.equal(attributes.status, 'successful-ok', attributes.statusMessage);
      assert.equal(jobState(attributes), 7);
      assert.deepEqual(attributes.group('job').get('job-originating-user-name'), [name('alice')]);
    });

    it('takes Create-Job then Send-Document, from the job’s owner only', async () => {
      const created = await post(
        '/printers/lab',
        request('Create-Job', 'lab', [attribute('job-name', name('Two steps'))]),
        basic('alice'),
      );
      assert.equal(created.status, 'successful-ok');
      const id = jobId(created);
      const send = (who: string) =>
        post(
          '/printers/lab',
          body(
            request('Send-Document', 'lab', [
              attribute('job-id', integer(id)),
              attribute('last-document', boolean(true)),
              attribute('document-format', mimeMediaType(PDF)),
            ]),
            flatPdf(2),
          ),
          basic(who),
        );
      assert.equal((await send('carol')).status, 'client-error-not-authorized');
      const sent = await send('alice');
      assert.equal(sent.status, 'successful-ok', sent.statusMessage);
      assert.equal((await charged(id))?.total_pages, 2);
      assert.equal((await send('alice')).status, 'client-error-not-possible');
      const missing = await post(
        '/printers/lab',
        request('Get-Job-Attributes', 'lab', [attribute('job-id', integer(999_999))]),
        basic('alice'),
      );
      assert.equal(missing.status, 'client-error-not-found');
    });

    it('believes requesting-user-name only from a trusted print server', async () => {
      const stranger = await post('/printers/front', body(printJob('front')), {}, '192.0.2.7');
      assert.equal(stranger.status, 'client-error-not-authorized');
      const server = await post('/printers/front', body(printJob('front')), {}, '10.1.1.5');
      assert.equal(server.status, 'successful-ok', server.statusMessage);
      assert.equal((await p.services.printJobs.get(jobId(server))).username, 'alice');
      const nobody = await post(
        '/printers/front',
        body(printJob('front', [attribute('requesting-user-name', name('mallory'))])),
        {},
        '10.1.1.5',
      );
      assert.equal(nobody.status, 'client-error-not-authorized');
    });

    it('refuses from a trusted print server a user who could not log in: disabled or expired', async () => {
      const asBob = body(printJob('front', [attribute('requesting-user-name', name('bob'))]));
      const before = (await p.services.printJobs.list({ username: 'bob', which: 'all' })).length;
      await p.services.users.setDisabled('bob', true, ACTOR);
      const disabled = await post('/printers/front', asBob, {}, '10.1.1.5');
      assert.equal(disabled.status, 'client-error-not-authorized');
      assert.match(disabled.statusMessage ?? '', /"bob" is disabled/);
      await p.services.users.setDisabled('bob', false, ACTOR);
      // The clock says 5 December 2026: an account that lasted until the 4th no longer works.
      await p.services.users.setExpiry('bob', '2026-12-04', ACTOR);
      const expired = await post('/printers/front', asBob, {}, '10.1.1.5');
      assert.equal(expired.status, 'client-error-not-authorized');
      assert.match(expired.statusMessage ?? '', /expired on 2026-12-04/);
      assert.equal((await p.services.printJobs.list({ username: 'bob', which: 'all' })).length, before);
      await p.services.users.setExpiry('bob', '2026-12-05', ACTOR);
      const lastDay = await post('/printers/front', asBob, {}, '10.1.1.5');
      assert.equal(lastDay.status, 'successful-ok', 'the expiry day itself still works');
      await p.services.users.setExpiry('bob', '', ACTOR);
    });
  });
}
