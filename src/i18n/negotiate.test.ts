import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestAccepted, negotiateLanguage } from './negotiate.js';

describe('language negotiation', () => {
  it("takes the user's stored choice over everything else", () => {
    assert.equal(negotiateLanguage({ stored: 'es', acceptLanguage: 'de', organisationDefault: 'en' }), 'es');
  });

  it("takes the browser's Accept-Language when the user chose none", () => {
    assert.equal(
      negotiateLanguage({ stored: null, acceptLanguage: 'de-AT,de;q=0.9', organisationDefault: 'es' }),
      'de',
    );
  });

  it("falls back to the organisation's default, then to English", () => {
    assert.equal(
      negotiateLanguage({ stored: null, acceptLanguage: 'fr-FR,fr;q=0.9', organisationDefault: 'es' }),
      'es',
    );
    assert.equal(negotiateLanguage({ stored: null, acceptLanguage: '', organisationDefault: null }), 'en');
    assert.equal(negotiateLanguage({}), 'en');
  });

  it('ignores a stored or default value that is not a shipped language', () => {
    assert.equal(negotiateLanguage({ stored: 'xx', organisationDefault: 'constructor' }), 'en');
    assert.equal(negotiateLanguage({ stored: 'toString', acceptLanguage: '__proto__, es' }), 'es');
  });

  it('orders ranges by q-value, keeps the written order for ties, and refuses q=0', () => {
    assert.equal(bestAccepted('en;q=0.5, es;q=0.8, de;q=0.8'), 'es');
    assert.equal(bestAccepted('de;q=0, es;q=0.1'), 'es');
    assert.equal(bestAccepted('DE-ch'), 'de', 'tags are case-insensitive; a region matches its language');
    assert.equal(bestAccepted('fr, *;q=0.5'), undefined);
    assert.equal(bestAccepted('es;q=abc, de;q=0.2'), 'de', 'a broken q-value drops its range');
  });
});
