/**
 * The language section of Change Details.
 */
import { SHIPPED_LANGUAGES } from '../../i18n/languages.js';
import { CsrfField, type FieldErrors } from '../components/forms.js';
import { useTranslator } from '../components/translation.js';

export /** The user's language for these pages and for mail; "automatic" stores nothing (null). */
function LanguageSection(props: { language: string | null; csrfToken: string; errors?: FieldErrors }) {
  const t = useTranslator();
  const error = props.errors?.language;
  return (
    <section class="card" aria-labelledby="language-title">
      <h2 id="language-title">{t.t('user.language.title')}</h2>
      <form method="post" action="/user/change-details/language">
        <CsrfField token={props.csrfToken} />
        <div class={`field${error ? ' field-invalid' : ''}`}>
          <label for="field-language">{t.t('user.language.label')}</label>
          {error && (
            <p class="field-error" id="field-language-error">
              {error}
            </p>
          )}
          <select
            id="field-language"
            name="language"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'field-language-error' : undefined}
          >
            <option value="" selected={props.language === null}>
              {t.t('user.language.automatic')}
            </option>
            {[...SHIPPED_LANGUAGES].map(([code, language]) => (
              // The name in its own language, marked so, for a screen reader to pronounce it.
              <option value={code} lang={code} selected={props.language === code}>
                {language.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t.t('user.language.submit')}</button>
      </form>
    </section>
  );
}
