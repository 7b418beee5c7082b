import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formReader } from '../provider-kind.js';
import { samlKind } from './saml.kind.js';

const clock = { now: () => new Date('2026-11-25T12:00:00.000Z') };

it('shows every SAML field problem at once, certificates included', () => {
  const result = samlKind.validate(
    formReader({ ...samlKind.defaults, idpSsoUrl: 'http://idp.example.org/sso', clockSkewSeconds: '999' }),
    undefined,
    { clock },
  );
  assert.deepEqual(Object.keys(result.errors ?? {}), [
    'idpEntityId',
    'idpSsoUrl',
    'idpCertificates',
    'clockSkewSeconds',
  ]);
});

it('reads an old stored config without a clock difference as 60 seconds', () => {
  const config = samlKind.decode(
    '{"idpEntityId":"https://idp","idpSsoUrl":"https://idp/sso","idpCertificates":[]}',
  );
  assert.equal(config.clockSkewSeconds, 60);
  assert.deepEqual(samlKind.summary(config), { issuer: 'https://idp', clientId: '', hasClientSecret: false });
});
