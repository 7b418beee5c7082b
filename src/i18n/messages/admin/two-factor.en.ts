/** The Admin Console's words for two-factor login: the Options switch and a user's reset. */
export const twoFactorAdminEn = {
  'admin.twoFactor.requireForAdmins': 'Require two-factor login for administrators',
  'admin.twoFactor.requireForAdminsHint':
    'An administrator without an authenticator app or security key is sent to set one up before the Admin Console opens. Users may choose it under Change Details. Single sign-on is left to the identity provider.',
  'admin.twoFactor.title': 'Two-factor login',
  'admin.twoFactor.status': 'Authenticator app: {app}. Security keys: {keys, number}.',
  'admin.twoFactor.on': 'on',
  'admin.twoFactor.off': 'off',
  'admin.twoFactor.none': 'Not set up: this user logs in with the password alone.',
  'admin.twoFactor.reset': 'Reset two-factor login',
  'admin.twoFactor.resetTitle': 'Reset two-factor login of {username}',
  'admin.twoFactor.resetIntro':
    'This removes the authenticator app, the recovery codes and every security key of {username}. They log in with the password alone until they set up a second factor again. Do this only when you are sure who is asking, for example in person.',
  'admin.twoFactor.resetConfirm': 'Reset',
  'admin.twoFactor.cancel': 'Cancel',
  'admin.twoFactor.done': 'Two-factor login was reset.',
} as const;
