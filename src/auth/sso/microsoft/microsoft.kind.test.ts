import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formReader } from '../provider-kind.js';
import { microsoftKind } from './microsoft.kind.js';

const clock = { now: () => new Date('2026-11-25T12:00:00.000Z') };
const form = (over: Record<string, string | boolean> = {}) =>
  formReader({ ...microsoftKind.defaults, clientId: 'app', clientSecret: 's3cret', ...over });

it('builds the issuer from the tenant, lower-cased, and keeps the secret out of the form values', () => {
  const result = microsoftKind.validate(form({ tenant: '72F988BF-86F1-41AF-91AB-2D7CD011DB47' }), undefined, {
    clock,
  });
  assert.ok(!result.errors);
  assert.equal(
    result.config.issuer,
    'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
  );
  const stored = microsoftKind.decode(JSON.stringify(result.config));
  assert.deepEqual(stored, result.config);
  assert.equal(microsoftKind.formValues(stored).clientSecret, '');
  assert.ok(!JSON.stringify(microsoftKind.auditable(stored)).includes('s3cret'));
});

it('refuses a domain or a multi-tenant name instead of the tenant id', () => {
  for (const tenant of ['example.onmicrosoft.com', 'common']) {
    const result = microsoftKind.validate(form({ tenant }), undefined, { clock });
    assert.ok(result.errors?.tenant, tenant);
  }
});
