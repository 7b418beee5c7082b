import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { SHIPPED_LANGUAGES } from './languages.js';
import { adminAreas, adminEn } from './messages/admin.en.js';
import { en } from './messages/en.js';
import { translatorFor } from './translator.js';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** Every argument a message uses, as "name:type" (plural and select branches included). */
function argumentsOf(ast: Ast, into = new Set<string>()): Set<string> {
  for (const element of ast as unknown as Record<string, unknown>[]) {
    if (typeof element.value === 'string' && element.type !== 0 && element.type !== 7)
      into.add(`${element.value}:${String(element.type)}`);
    const options = element.options as Record<string, { value: Ast }> | undefined;
    if (options) for (const option of Object.values(options)) argumentsOf(option.value, into);
  }
  return into;
}

const parse = (message: string, language: string) =>
  new IntlMessageFormat(message, language, undefined, { ignoreTag: true }).getAst();

describe('message catalogs', () => {
  const keys = Object.keys(en).sort();

  for (const [language, shipped] of SHIPPED_LANGUAGES) {
    it(`has every English key in ${language}, and no other`, () => {
      assert.deepEqual(Object.keys(shipped.messages).sort(), keys);
    });

    it(`gives every ${language} message the English message's ICU arguments`, () => {
      const different = keys.filter((key) => {
        const ours = [...argumentsOf(parse(shipped.messages[key as keyof typeof en], language))].sort();
        const english = [...argumentsOf(parse(en[key as keyof typeof en], 'en'))].sort();
        return ours.join() !== english.join();
      });
      assert.deepEqual(different, [], `${language} messages whose arguments differ from English`);
    });

    it(`has no empty ${language} message`, () => {
      assert.deepEqual(
        keys.filter((key) => shipped.messages[key as keyof typeof en].trim() === ''),
        [],
      );
    });
  }

  it('defines each Admin Console key in one area file only, with an admin. prefix and a parsable message', () => {
    const seen = new Map<string, number>();
    for (const area of adminAreas)
      for (const key of Object.keys(area)) seen.set(key, (seen.get(key) ?? 0) + 1);
    assert.deepEqual(
      [...seen].filter(([, count]) => count > 1).map(([key]) => key),
      [],
    );
    assert.equal(Object.keys(adminEn).length, seen.size);
    for (const [key, message] of Object.entries(adminEn)) {
      assert.match(key, /^admin\./);
      parse(message, 'en');
    }
  });

  it('notices a message whose arguments differ (the check above works)', () => {
    assert.notDeepEqual(
      [...argumentsOf(parse('Hallo {name}', 'de'))],
      [...argumentsOf(parse('Hello {username}', 'en'))],
    );
    assert.deepEqual(
      [...argumentsOf(parse('{count, plural, one {# Datei} other {# Dateien von {who}}}', 'de'))].sort(),
      ['count:6', 'who:1'],
    );
  });
});

describe('translator', () => {
  it('formats messages with plurals in each language', () => {
    assert.equal(
      translatorFor('en').t('policy.history', { count: 1 }),
      'The current password cannot be used again.',
    );
    assert.equal(
      translatorFor('de').t('policy.history', { count: 3 }),
      'Die letzten 3 Passwörter können nicht erneut verwendet werden.',
    );
    assert.equal(
      translatorFor('es').t('error.message.tooManyAttempts', { seconds: 1 }),
      'Demasiados intentos fallidos desde esta dirección. Vuelva a intentarlo dentro de 1 segundo.',
    );
  });

  it('formats money given in ten-thousandths of the currency unit, and numbers, through Intl (times: formats.test)', () => {
    assert.equal(translatorFor('en').money(12_345_6789, 'EUR'), '€12,345.68');
    assert.equal(translatorFor('de').money(12_3400, 'EUR').replace(/\s/g, ' '), '12,34 €');
    assert.equal(translatorFor('es').money(-5000, 'USD').replace(/\s/g, ' '), '-0,50 US$');
    assert.equal(translatorFor('de').number(1234567.5), '1.234.567,5');
  });

  it('keeps elements given as values, for a page to render', () => {
    const bold = { bold: 'ada' };
    assert.deepEqual(translatorFor('de').rich('layout.signedInAs', { username: bold }), [
      'Angemeldet als ',
      bold,
    ]);
  });
});
