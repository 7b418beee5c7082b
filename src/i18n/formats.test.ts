import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFormats } from './formats.js';

const AT = '2026-12-01T22:51:05.736Z';
const NOW = new Date('2026-12-03T10:00:00.000Z');
const formats = (language: string, timeZone = 'Europe/Berlin', now = NOW) =>
  createFormats({ language, currency: 'EUR', timeZone, now });
/** Intl may put a narrow no-break space where a reader sees a space. */
const plain = (text: string) => text.replace(/\s/g, ' ');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('readable times', () => {
  it('shows day month year and a 24-hour time without seconds, in the page language', () => {
    assert.equal(plain(formats('en').dateTime(AT)), '1 Dec 2026, 23:51');
    assert.equal(plain(formats('de').dateTime(AT)), '1. Dez. 2026, 23:51');
    assert.equal(plain(formats('es').dateTime(AT)), '1 dic 2026, 23:51');
    assert.equal(plain(formats('en', 'UTC').dateTime(AT)), '1 Dec 2026, 22:51');
    assert.equal(plain(formats('en').date(AT)), '1 Dec 2026');
  });

  it("follows the zone's daylight-saving time, and names the zone in the exact form", () => {
    const berlin = formats('en');
    assert.equal(plain(berlin.dateTime('2026-03-29T00:30:00.000Z')), '29 Mar 2026, 01:30');
    assert.equal(plain(berlin.dateTime('2026-03-29T01:30:00.000Z')), '29 Mar 2026, 03:30');
    assert.equal(plain(berlin.exactTime('2026-03-29T00:30:00.000Z')), '29 Mar 2026, 01:30 CET');
    assert.equal(plain(berlin.exactTime('2026-07-01T10:00:00.000Z')), '1 Jul 2026, 12:00 CEST');
    assert.equal(plain(formats('de').exactTime('2026-07-01T10:00:00.000Z')), '1. Juli 2026, 12:00 MESZ');
    assert.equal(plain(formats('en', 'America/New_York').exactTime(AT)), '1 Dec 2026, 17:51 GMT-5');
  });

  it('shows an unreadable value as it is', () => {
    assert.equal(formats('en').dateTime('not a date'), 'not a date');
    assert.equal(formats('en').relative('not a date'), 'not a date');
  });
});

describe('relative times', () => {
  it('counts minutes and hours back from the page’s now, in the page language', () => {
    const en = formats('en');
    assert.equal(en.relative(ago(20_000)), 'now');
    assert.equal(en.relative(ago(3 * 60_000 + 5_000)), '3 minutes ago');
    assert.equal(en.relative(ago(2 * 3_600_000 + 60_000)), '2 hours ago');
    assert.equal(formats('de').relative(ago(3 * 60_000)), 'vor 3 Minuten');
    assert.equal(formats('es').relative(ago(2 * 3_600_000)), 'hace 2 horas');
    assert.equal(en.relative(new Date(NOW.getTime() + 3 * 86_400_000).toISOString()), 'in 3 days');
  });

  it("says yesterday for the day before today in the organisation's zone", () => {
    // 10:00 UTC on 3 Dec; 23:30 UTC on 1 Dec is 00:30 on 2 Dec in Berlin, but still 1 Dec in UTC.
    assert.equal(formats('en').relative('2026-12-01T23:30:00.000Z'), 'yesterday');
    assert.equal(formats('en', 'UTC').relative('2026-12-01T23:30:00.000Z'), '2 days ago');
    assert.equal(formats('de').relative('2026-12-01T23:30:00.000Z'), 'gestern');
    assert.equal(formats('es').relative('2026-12-01T23:30:00.000Z'), 'ayer');
  });

  it('counts calendar days across a daylight-saving change', () => {
    const now = new Date('2026-03-30T08:00:00.000Z'); // 10:00 CEST, the day after the change
    const berlin = formats('en', 'Europe/Berlin', now);
    assert.equal(berlin.relative('2026-03-28T22:30:00.000Z'), '2 days ago'); // 23:30 CET on 28 Mar
    assert.equal(berlin.relative('2026-03-28T23:30:00.000Z'), 'yesterday'); // 00:30 CET on 29 Mar
  });

  it('shows the readable absolute time from a week away', () => {
    assert.equal(plain(formats('en').relative('2026-11-20T09:00:00.000Z')), '20 Nov 2026, 10:00');
  });

  it('keeps one cached set of formatters but each page its own now', () => {
    const earlier = formats('en', 'UTC', new Date('2026-12-01T22:54:00.000Z'));
    assert.equal(earlier.relative(AT), '2 minutes ago');
    assert.equal(formats('en', 'UTC').relative(AT), '2 days ago');
  });
});
