/**
 * Two-factor login (User Web Interface): the second step after the password, and the user's own
 * set-up page. Spread into `en.ts`; `two-factor.de.ts` and `two-factor.es.ts` say the same.
 */
export const twoFactorEn = {
  'secondFactor.title': 'Two-factor login',
  'secondFactor.intro': 'Enter the code your authenticator app shows, or one of your recovery codes.',
  'secondFactor.code': 'Code',
  'secondFactor.submit': 'Log in',
  'secondFactor.wrongCode': 'The code is not correct, or it has been used already.',
  'secondFactor.lostEverything':
    'Lost your phone, your security key and your recovery codes? Ask an administrator to reset your two-factor login.',
  'secondFactor.startOver': 'Log in as someone else',
  'secondFactor.expired': 'The login took too long. Please log in again.',
  'secondFactor.useKey': 'Use a security key',
  'secondFactor.useKeyIntro': 'Or use one of your security keys or passkeys.',
  'secondFactor.keyOnlyIntro': 'Use one of your security keys or passkeys.',
  'secondFactor.keyOnlyNeedsScript':
    'Security keys need JavaScript in this browser: turn it on, or use another browser.',
  'secondFactor.needsScript': 'Security keys need JavaScript in this browser; the code works without it.',
  'secondFactor.keyFailed': 'The security key was not accepted. Try again, or enter a code.',
  'secondFactor.keyOnlyFailed':
    'The security key was not accepted. Try again with one of your security keys or passkeys.',
  'secondFactor.lostKeys': 'Lost your security keys? Ask an administrator to reset your two-factor login.',
  'secondFactor.alreadyOn': 'The authenticator app is already set up. Turn it off first to set up another.',
  'secondFactor.wrongFirstCode':
    'That is not the code the app shows now. Enter the {digits}-digit code from the app, before it changes.',
  'twoFactor.title': 'Two-factor login',
  'twoFactor.intro':
    'After your password, Quire asks for a second proof that it is you: a code from an authenticator app, or a security key.',
  'twoFactor.changeDetailsLink': 'Set up two-factor login',
  'twoFactor.on': 'On',
  'twoFactor.off': 'Off',
  'twoFactor.required':
    'Administrators must use two-factor login here. Set up an authenticator app or a security key to continue to the Admin Console.',
  'twoFactor.app.title': 'Authenticator app',
  'twoFactor.app.status': 'Authenticator app: {status}',
  'twoFactor.app.start': 'Set up an authenticator app',
  'twoFactor.app.remove': 'Turn off the authenticator app',
  'twoFactor.app.step1': 'In your authenticator app, add an account and type this key:',
  'twoFactor.app.uri': 'Or open this address on the device that has the app:',
  'twoFactor.app.step2': 'Enter the 6-digit code the app now shows:',
  'twoFactor.app.confirm': 'Turn on',
  'twoFactor.app.cancel': 'Cancel',
  'twoFactor.recovery.left': 'Unused recovery codes: {count}',
  'twoFactor.recovery.new': 'New recovery codes',
  'twoFactor.recovery.title': 'Your recovery codes',
  'twoFactor.recovery.intro':
    'Keep these codes somewhere safe, away from your phone. Each one logs you in once if you lose your authenticator app. They are shown only now; earlier codes no longer work.',
  'twoFactor.recovery.done': 'I have saved them',
  'twoFactor.keys.title': 'Security keys',
  'twoFactor.keys.none': 'No security keys yet.',
  'twoFactor.keys.caption': 'Your security keys and passkeys',
  'twoFactor.keys.name': 'Name',
  'twoFactor.keys.addedOn': 'Added {when}',
  'twoFactor.keys.lastUsedOn': 'Last used {when}',
  'twoFactor.keys.neverUsed': 'Never used',
  'twoFactor.keys.actions': 'Actions',
  'twoFactor.keys.remove': 'Remove {name}',
  'twoFactor.keys.add': 'Add a security key',
  'twoFactor.keys.newName': 'Name of the key',
  'twoFactor.keys.newNameHint': 'For example "Blue YubiKey" or "Work laptop".',
  'twoFactor.keys.nameMissing': 'Enter a name for the key.',
  'twoFactor.keys.nameTooLong': 'The name is at most 60 characters.',
  'twoFactor.keys.failed': 'The security key was not added. Try again.',
  'twoFactor.done.app': 'The authenticator app is on.',
  'twoFactor.done.appRemoved': 'The authenticator app is off.',
  'twoFactor.done.keyAdded': 'The security key was added.',
  'twoFactor.done.keyRemoved': 'The security key was removed.',
} as const;

export type TwoFactorMessageKey = keyof typeof twoFactorEn;
