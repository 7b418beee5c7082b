import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateStart, dayStart, weekStart } from './calendar.js';

describe('calendar', () => {
  it('starts the day at midnight in the zone, not in UTC', () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    assert.equal(dayStart(at, 'UTC'), '2026-12-02T00:00:00.000Z');
    assert.equal(dayStart(at, 'Europe/Berlin'), '2026-12-01T23:00:00.000Z');
    // 22:00 in New York on the 1st is already the 2nd in UTC.
    assert.equal(dayStart(new Date('2026-12-02T03:00:00Z'), 'America/New_York'), '2026-12-01T05:00:00.000Z');
  });

  it('starts the week on Monday, across a month and a daylight-saving change', () => {
    // Wednesday 2 December 2026 → Monday 30 November.
    assert.equal(weekStart(new Date('2026-12-02T10:00:00Z'), 'UTC'), '2026-11-30T00:00:00.000Z');
    // A Monday is its own week's start; Sunday belongs to the week before.
    assert.equal(weekStart(new Date('2026-11-30T00:00:00Z'), 'UTC'), '2026-11-30T00:00:00.000Z');
    assert.equal(weekStart(new Date('2026-12-06T23:59:59Z'), 'UTC'), '2026-11-30T00:00:00.000Z');
    // Wednesday 28 October 2026 in Berlin: Monday the 26th, after the change back to CET on the 25th.
    assert.equal(weekStart(new Date('2026-10-28T12:00:00Z'), 'Europe/Berlin'), '2026-10-25T23:00:00.000Z');
    // Wednesday 1 April 2026: Monday 30 March is already summer time (CEST).
    assert.equal(weekStart(new Date('2026-04-01T12:00:00Z'), 'Europe/Berlin'), '2026-03-29T22:00:00.000Z');
  });

  it('reads a typed date as the moment it began, or ended, in the zone', () => {
    assert.equal(dateStart('2026-12-02', 'Europe/Berlin'), '2026-12-01T23:00:00.000Z');
    assert.equal(dateStart('2026-12-31', 'UTC', 1), '2027-01-01T00:00:00.000Z');
    assert.equal(dateStart('2026-03-29', 'Europe/Berlin', 1), '2026-03-29T22:00:00.000Z');
  });

  it('refuses what is not a date of the calendar', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '0999-01-01', 'today', '']) {
      assert.equal(dateStart(text, 'UTC'), null, text);
    }
  });
});

describe('dayStart, days back', () => {
  it('is midnight in the zone, days back, across daylight saving', () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    assert.equal(dayStart(at, 'UTC'), '2026-12-02T00:00:00.000Z');
    assert.equal(dayStart(at, 'Europe/Berlin'), '2026-12-01T23:00:00.000Z');
    assert.equal(dayStart(at, 'Europe/Berlin', 2), '2026-11-29T23:00:00.000Z');
    // 40 days back from 2 December is 23 October, still summer time in Berlin.
    assert.equal(dayStart(at, 'Europe/Berlin', 40), '2026-10-22T22:00:00.000Z');
    assert.equal(dayStart(new Date('2026-12-02T03:00:00Z'), 'America/New_York'), '2026-12-01T05:00:00.000Z');
  });
});
