/** The Admin Console's words: a user's last log-in on the Details tab (users-details.pages.tsx). */
export const userLastLogInEn = {
  'admin.users.security.lastLogIn': 'Last log-in',
  'admin.users.security.neverLoggedIn': 'Never',
} as const;
