/**
 * The custom program source's Admin Console form: a short card on the User/Group Sync list (name,
 * user program, authentication program), posted to /admin/sources. It has no edit page.
 *
 *   <customProgramForm.Fields values={customProgramForm.empty()} csrfToken={token} secretNotResent={false} />
 */
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

const LABELS = { name: 'Name', program: 'User program', authProgram: 'Authentication program' };

export const customProgramForm: SourceForm<CustomProgramInput, CustomProgramConfig, CustomProgramFormValues> =
  {
    placement: 'list',
    addTitle: 'Add a custom program source',
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
        <h2 id="add-source-title">Add a custom program source</h2>
        <p>
          A program that lists users (and optionally groups) with the PaperCut NG/MF custom user directory
          protocol, and an optional program that checks passwords.
        </p>
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
            hint='Such as "Corporate Directory"; shown on the pages of its users.'
          />
          <Field
            name="program"
            label={LABELS.program}
            value={values.program}
            errors={errors}
            required
            hint="Absolute path of an executable, e.g. /opt/quire/users.sh"
          />
          <Field
            name="authProgram"
            label={`${LABELS.authProgram} (optional)`}
            value={values.authProgram}
            errors={errors}
            hint="Absolute path; without one, this source's users cannot sign in."
          />
          <button type="submit">Add source</button>
        </form>
      </section>
    ),
  };
