/** Admin Console → Users → a user → Delete: the confirmation page. */
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField } from '../components/forms.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';

export function DeleteUserPage(props: { frame: AdminFrame; user: PresentedUser }) {
  const { user, frame } = props;
  return (
    <AdminPage frame={frame} title={`Delete user ${user.username}`} section="users">
      <h1>Delete user {user.username}?</h1>
      <section class="card">
        <p>
          {user.username}
          {user.fullName && ` (${user.fullName})`} will be removed from Quire and signed out everywhere. This
          cannot be undone.
        </p>
        {!user.internal && (
          <p>
            A user from {user.source} comes back at the next synchronization while the source still lists
            them.
          </p>
        )}
        <form method="post" action={userHref(user.username, '/delete')} class="actions">
          <CsrfField token={frame.csrfToken} />
          <button type="submit" class="button-danger">
            Delete user {user.username}
          </button>
          <a href={userHref(user.username)}>Cancel and keep {user.username}</a>
        </form>
      </section>
    </AdminPage>
  );
}
