/** Admin Console → Users → Create internal user. */
import { Checkbox, CsrfField, ErrorSummary, Field, TextArea, type FieldErrors } from '../components/forms.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { DETAIL_FIELDS, DETAIL_LABELS, type DetailValues } from './users-details.pages.js';

export interface NewUserValues extends DetailValues {
  username: string;
  mustChangePassword: boolean;
  isAdmin: boolean;
}

const NEW_USER_LABELS: Record<string, string> = {
  ...DETAIL_LABELS,
  username: 'Username',
  password: 'Password',
  confirmPassword: 'Confirm password',
};

export function NewUserPage(props: {
  frame: AdminFrame;
  values?: NewUserValues;
  passwordHint: string;
  errors?: FieldErrors;
}) {
  const values = props.values;
  return (
    <AdminPage frame={props.frame} title="Create internal user" section="users">
      <h1>Create internal user</h1>
      <p>
        An internal user's password is stored in Quire. Users from a directory source are added by User/Group
        Sync instead.
      </p>
      <ErrorSummary errors={props.errors} labels={NEW_USER_LABELS} />
      <form method="post" action="/admin/create-internal-user" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="username"
          label="Username"
          value={values?.username}
          errors={props.errors}
          autocomplete="off"
          required
          maxLength={64}
          hint='Not case-sensitive. May not contain "/", "\" or "@".'
        />
        <div class="grid-2">
          {DETAIL_FIELDS.map((f) => (
            <Field
              name={f.name}
              label={f.label}
              type={f.type}
              value={values?.[f.name]}
              errors={props.errors}
              autocomplete="off"
            />
          ))}
        </div>
        <TextArea name="notes" label="Notes" value={values?.notes} errors={props.errors} />
        <Field
          name="password"
          label="Password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
          hint={props.passwordHint}
        />
        <Field
          name="confirmPassword"
          label="Confirm password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
        />
        <Checkbox
          name="mustChangePassword"
          label="User must change password at next sign-in"
          checked={values?.mustChangePassword}
        />
        <Checkbox
          name="isAdmin"
          label="Grant admin rights"
          checked={values?.isAdmin}
          hint="Administrators can use this Admin Console."
        />
        <div class="actions">
          <button type="submit">Create user</button>
          <a href="/admin/users">Cancel and go back to Users</a>
        </div>
      </form>
    </AdminPage>
  );
}
