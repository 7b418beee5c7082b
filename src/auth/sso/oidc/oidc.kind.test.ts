import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formReader } from '../provider-kind.js';
import { oidcProviderKind } from './oidc.kind.js';

const clock = { now: () => new Date('2026-11-25T12:00:00.000Z') };
const form = (over: Record<string, string | boolean>) =>
  formReader({ ...oidcProviderKind.defaults, clientId: 'quire', ...over });

it('keeps the stored client secret when the edit leaves it empty, but not for another issuer', () => {
  const first = oidcProviderKind.validate(
    form({ issuer: 'https://idp.example.org', clientSecret: 'one' }),
    undefined,
    {
      clock,
    },
  );
  assert.ok(!first.errors);
  const kept = oidcProviderKind.validate(form({ issuer: 'https://idp.example.org' }), first.config, {
    clock,
  });
  assert.equal(kept.errors ? '' : kept.config.clientSecret, 'one');
  assert.deepEqual(oidcProviderKind.auditChange(first.config, first.config), { clientSecretChanged: false });
  const moved = oidcProviderKind.validate(form({ issuer: 'https://evil.example' }), first.config, { clock });
  assert.ok(moved.errors?.clientSecret);
});

it('refuses a stored config whose members have the wrong type', () => {
  assert.throws(() => oidcProviderKind.decode('{"issuer": 42}'), /malformed "issuer"/);
  assert.throws(() => oidcProviderKind.decode('[]'), /not a JSON object/);
});
