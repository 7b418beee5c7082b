/**
 * `safeNext` guards every `next` parameter and SAML RelayState: only a path on this site passes.
 * Browsers drop tabs and newlines from URLs and read a backslash as a slash, so each of these
 * would otherwise become `//evil.example` — another site.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { safeNext } from '../render.js';

const HOME = '/user/summary';

it('refuses a tab, a backslash or a second slash that a browser turns into another site', () => {
  for (const next of [
    '/\t/evil.example',
    '\t/evil.example',
    '/\\evil.example',
    '/a\\b',
    '//evil.example',
    '/\n/evil.example',
    '/\u0000x',
    '/x\u007f',
    'https://evil.example/',
    'evil.example',
  ]) {
    assert.equal(safeNext(next, HOME), HOME, JSON.stringify(next));
  }
});

it('refuses /%09/evil.example as the query parser decodes it', () => {
  const decoded = new URLSearchParams('next=/%09/evil.example').get('next');
  assert.equal(decoded, '/\t/evil.example');
  assert.equal(safeNext(decoded, HOME), HOME);
});

it('keeps a local path with its query string', () => {
  assert.equal(
    safeNext('/user/change-details?required=1&tab=a%2Fb', HOME),
    '/user/change-details?required=1&tab=a%2Fb',
  );
  assert.equal(safeNext('/admin/users/alice#groups', HOME), '/admin/users/alice#groups');
});

it('falls back for a missing or non-text value', () => {
  assert.equal(safeNext(undefined, HOME), HOME);
  assert.equal(safeNext(['/user/summary'], HOME), HOME);
});
