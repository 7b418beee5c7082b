import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../errors.js';
import { parseJobDetails } from './job-details.js';

describe("PaperCut's job-details string", () => {
  it('reads the minimum: user, server and printer, with defaults for the rest', () => {
    const details = parseJobDetails('user=bob,server=papercut,printer=My Printer');
    assert.equal(details.user, 'bob');
    assert.equal(details.server, 'papercut');
    assert.equal(details.printer, 'My Printer');
    assert.equal(details.pages, 1);
    assert.equal(details.copies, 1);
    assert.equal(details.colorPages, 0);
    assert.equal(details.duplex, false);
    assert.equal(details.cost, undefined);
  });

  it('follows the CSV quoting rules for commas and quotes', () => {
    assert.equal(parseJobDetails('user=bob,server=s,"printer=Library, rear"').printer, 'Library, rear');
    assert.equal(
      parseJobDetails('user=bob,server=s,printer=""John Smith"" Library').printer,
      '"John Smith" Library',
    );
  });

  it('divides the totals, which count every copy, by the copies', () => {
    const details = parseJobDetails(
      'user=bob,server=s,printer=p,total-pages=10,total-color-pages=4,copies=2,duplex=TRUE,paper-size-name=A4,cost=0.75,time=20261202T101500,document-name=Essay.pdf,client-machine=lab-12',
    );
    assert.equal(details.pages, 5);
    assert.equal(details.colorPages, 2);
    assert.equal(details.copies, 2);
    assert.equal(details.duplex, true);
    assert.equal(details.cost, 7500);
    assert.equal(details.documentName, 'Essay.pdf');
    assert.equal(details.clientMachine, 'lab-12');
    assert.match(details.time ?? '', /^2026-12-02T/);
    assert.equal(parseJobDetails('user=b,server=s,printer=p,total-pages=3,grayscale=false').colorPages, 3);
  });

  it('refuses malformed details with a message naming the field', () => {
    const cases: [string, RegExp][] = [
      ['server=s,printer=p', /must name the user/],
      ['user=b,server=s,printer=p,total-pages=-1', /whole number/],
      ['user=b,server=s,printer=p,total-pages=abc', /whole number/],
      ['user=b,server=s,printer=p,colour=yes', /not a job detail/],
      ['user=b,server=s,printer=p,user=c', /given twice/],
      ['user=b,server=s,printer=p,duplex=maybe', /true or false/],
      ['user=b,server=s,printer=p,cost=1e999', /too large/],
      ['user=b,server=s,printer=p,cost=-1', /negative/],
      ['user=b,server=s,printer=p,time=yesterday', /yyyyMMddTHHmmss/],
      ['user=b,server=s,"printer=p', /never closed/],
      ['user=b,server=s,printer=p,total-pages=3,copies=2', /multiple of copies/],
      ['user=b,server=s,printer=p,total-pages=2,total-color-pages=3', /more than total-pages/],
      ['justtext', /name=value/],
      ['user=b\n,server=s,printer=p', /control characters/],
      [`user=b,server=s,printer=p,document-name=${'x'.repeat(9000)}`, /at most 8192/],
      ['user=b,server=s,printer=p,constructor=1', /not a job detail/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => parseJobDetails(input),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError, input.slice(0, 60));
          assert.match(error.message, message, input.slice(0, 60));
          return true;
        },
      );
    }
  });
});
