/**
 * The custom program source's Admin Console form: a short card on the User/Group Sync list (name,
 * user program, authentication program), posted to /admin/sources. It has no edit page.
 *
 *   <customProgramForm.Fields values={customProgramForm.empty()} csrfToken={token} secretNotResent={false} />
 */
import { adminEnglish } from '../../i18n/admin-translator.js';
import { CsrfField, ErrorSummary, Field } from '../../web/components/forms.js';
import { field } from '../../web/render.js';
import type { SourceForm } from '../kind.js';
import type { CustomProgramConfig, CustomProgramInput } from './custom-program.config.js';

export interface CustomProgramFormValues {
  [name: string]: string;
  name: string;
  program: string;
  authProgram: string;
}

// Module-level English: the Admin Console always renders in English.
const t = adminEnglish;
const LABELS = {
  name: t.t('admin.customSource.label.name'),
  program: t.t('admin.customSource.label.program'),
  authProgram: t.t('admin.customSource.label.authProgram'),
};

export const customProgramForm: SourceForm<CustomProgramInput, CustomProgramConfig, CustomProgramFormValues> =
  {
    placement: 'list',
    addTitle: t.t('admin.customSource.addTitle'),
    labels: LABELS,
    secretFields: [],
    values: (body) => ({
      name: field(body, 'name'),
      program: field(body, 'program'),
      authProgram: field(body, 'authProgram'),
    }),
    empty: () => ({ name: '', program: '', authProgram: '' }),
    fromConfig: (name, config) => ({ name, program: config.program, authProgram: config.authProgram ?? '' }),
    input: (values) => values,
    Fields: ({ values, errors, csrfToken }) => (
      <section class="card" aria-labelledby="add-source-title">
        <h2 id="add-source-title">{t.t('admin.customSource.addTitle')}</h2>
        <p>{t.t('admin.customSource.intro')}</p>
        <ErrorSummary errors={errors} labels={LABELS} />
        <form method="post" action="/admin/sources" novalidate>
          <CsrfField token={csrfToken} />
          <Field
            name="name"
            label={LABELS.name}
            value={values.name}
            errors={errors}
            required
            maxLength={100}
            hint={t.t('admin.customSource.nameHint')}
          />
          <Field
            name="program"
            label={LABELS.program}
            value={values.program}
            errors={errors}
            required
            hint={t.t('admin.customSource.programHint')}
          />
          <Field
            name="authProgram"
            label={t.t('admin.customSource.optional', { label: LABELS.authProgram })}
            value={values.authProgram}
            errors={errors}
            hint={t.t('admin.customSource.authProgramHint')}
          />
          <button type="submit">{t.t('admin.customSource.submit')}</button>
        </form>
      </section>
    ),
  };
