/**
 * Integration tests need real peers (PostgreSQL, Chromium, slapd…). Locally, a missing peer skips
 * its tests with a message; under QUIRE_TEST_REQUIRE_ALL=1 (CI) a missing peer fails the run.
 *
 *   const skip = skipUnless(existsSync('/usr/bin/chromium'), 'Chromium is not installed');
 *   describe('browser', { skip }, () => { … });
 */
export function skipUnless(available: boolean, reason: string): string | false {
  if (available) return false;
  if (process.env.QUIRE_TEST_REQUIRE_ALL === '1') throw new Error(`QUIRE_TEST_REQUIRE_ALL=1 but ${reason}`);
  return reason;
}
