/** Admin Console → Users → a user → Change Password (internal users only). */
import type { PresentedUser } from '../../users/user.presenter.js';
import { Checkbox, CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';

export function ChangePasswordPage(props: {
  frame: AdminFrame;
  user: PresentedUser;
  mustChange?: boolean;
  passwordHint: string;
  errors?: FieldErrors;
}) {
  const { user, frame } = props;
  return (
    <AdminPage frame={frame} title={`Change Password for ${user.username}`} section="users">
      <p>
        <a href={userHref(user.username)}>Back to user {user.username}</a>
      </p>
      <h1>Change Password for {user.username}</h1>
      <p>Setting a new password signs {user.username} out everywhere.</p>
      <ErrorSummary
        errors={props.errors}
        labels={{ password: 'New password', confirmPassword: 'Confirm password' }}
      />
      <form method="post" action={userHref(user.username, '/password')} class="card" novalidate>
        <CsrfField token={frame.csrfToken} />
        <Field
          name="password"
          label="New password"
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
          checked={props.mustChange}
        />
        <div class="actions">
          <button type="submit">Change Password</button>
          <a href={userHref(user.username)}>Cancel</a>
        </div>
      </form>
    </AdminPage>
  );
}
