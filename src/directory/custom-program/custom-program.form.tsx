/**
 * The custom program source's Admin Console form: name, user program and its arguments, and the
 * optional authentication program and its arguments. Added from a short card on the User/Group
 * Sync list (posted to /admin/sources); edited on its own page like every kind.
 *
 *   <customProgramForm.Fields values={customProgramForm.empty()} csrfToken={token} secretNotResent={false} />
 */
import { adminEnglish } from '../../i18n/admin-translator.js';
import { Field, TextArea } from '../../web/components/forms.js';
import { field } from '../../web/render.js';
import type { SourceForm } from '../kind.js';
import type { CustomProgramConfig, CustomProgramInput } from './custom-program.config.js';

export interface CustomProgramFormValues {
  [name: string]: string;
  name: string;
  program: string;
  /** One argument a line. */
  programArgs: string;
  authProgram: string;
  authProgramArgs: string;
}

// Module-level English: the Admin Console always renders in English.
const t = adminEnglish;
const LABELS = {
  name: t.t('admin.customSource.label.name'),
  program: t.t('admin.customSource.label.program'),
  programArgs: t.t('admin.customSource.label.programArgs'),
  authProgram: t.t('admin.customSource.label.authProgram'),
  authProgramArgs: t.t('admin.customSource.label.authProgramArgs'),
};

/** Arguments as typed, one a line; blank lines are left out, spaces inside a line are kept. */
const argumentLines = (text: string) => text.split(/\r?\n/).filter((line) => line.trim() !== '');

export const customProgramForm: SourceForm<CustomProgramInput, CustomProgramConfig, CustomProgramFormValues> =
  {
    addTitle: t.t('admin.customSource.addTitle'),
    intro: t.t('admin.customSource.intro'),
    labels: LABELS,
    secretFields: [],
    values: (body) => ({
      name: field(body, 'name'),
      program: field(body, 'program'),
      programArgs: field(body, 'programArgs'),
      authProgram: field(body, 'authProgram'),
      authProgramArgs: field(body, 'authProgramArgs'),
    }),
    empty: () => ({ name: '', program: '', programArgs: '', authProgram: '', authProgramArgs: '' }),
    fromConfig: (name, config) => ({
      name,
      program: config.program,
      programArgs: config.programArgs.join('\n'),
      authProgram: config.authProgram ?? '',
      authProgramArgs: config.authProgramArgs.join('\n'),
    }),
    input: (values) => ({
      name: values.name,
      program: values.program,
      programArgs: argumentLines(values.programArgs),
      authProgram: values.authProgram,
      authProgramArgs: argumentLines(values.authProgramArgs),
    }),
    Fields: ({ values, errors }) => (
      <>
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
        <TextArea
          name="programArgs"
          label={t.t('admin.customSource.optional', { label: LABELS.programArgs })}
          value={values.programArgs}
          errors={errors}
          rows={2}
          hint={t.t('admin.customSource.programArgsHint')}
        />
        <Field
          name="authProgram"
          label={t.t('admin.customSource.optional', { label: LABELS.authProgram })}
          value={values.authProgram}
          errors={errors}
          hint={t.t('admin.customSource.authProgramHint')}
        />
        <TextArea
          name="authProgramArgs"
          label={t.t('admin.customSource.optional', { label: LABELS.authProgramArgs })}
          value={values.authProgramArgs}
          errors={errors}
          rows={2}
          hint={t.t('admin.customSource.authProgramArgsHint')}
        />
      </>
    ),
  };
