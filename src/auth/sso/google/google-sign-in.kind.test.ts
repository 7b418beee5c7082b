import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formReader } from '../provider-kind.js';
import { GOOGLE_ISSUER, googleKind } from './google-sign-in.kind.js';

const clock = { now: () => new Date('2026-11-25T12:00:00.000Z') };

it('signs in at Google’s one issuer and asks for the Workspace domains', () => {
  const values = formReader({
    ...googleKind.defaults,
    clientId: 'id.apps.googleusercontent.com',
    clientSecret: 'g',
  });
  const result = googleKind.validate(values, undefined, { clock });
  assert.ok(!result.errors);
  assert.equal(result.config.issuer, GOOGLE_ISSUER);
  assert.equal(result.config.usernameClaim, 'email');
  assert.ok(googleKind.hostedDomains?.whyDomains);
});
