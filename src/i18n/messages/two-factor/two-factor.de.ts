/** German for two-factor.en.ts: every key with the same ICU arguments. */
import type { TwoFactorMessageKey } from './two-factor.en.js';

export const twoFactorDe: Record<TwoFactorMessageKey, string> = {
  'secondFactor.title': 'Zwei-Faktor-Anmeldung',
  'secondFactor.intro':
    'Geben Sie den Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.',
  'secondFactor.code': 'Code',
  'secondFactor.submit': 'Anmelden',
  'secondFactor.wrongCode': 'Der Code ist nicht korrekt oder wurde schon verwendet.',
  'secondFactor.lostEverything':
    'Telefon, Sicherheitsschlüssel und Wiederherstellungscodes verloren? Bitten Sie einen Administrator, Ihre Zwei-Faktor-Anmeldung zurückzusetzen.',
  'secondFactor.startOver': 'Als andere Person anmelden',
  'secondFactor.expired': 'Die Anmeldung hat zu lange gedauert. Bitte melden Sie sich erneut an.',
  'secondFactor.useKey': 'Sicherheitsschlüssel verwenden',
  'secondFactor.useKeyIntro': 'Oder verwenden Sie einen Ihrer Sicherheitsschlüssel oder Passkeys.',
  'secondFactor.keyOnlyIntro': 'Verwenden Sie einen Ihrer Sicherheitsschlüssel oder Passkeys.',
  'secondFactor.keyOnlyNeedsScript':
    'Sicherheitsschlüssel brauchen JavaScript in diesem Browser: Schalten Sie es ein oder verwenden Sie einen anderen Browser.',
  'secondFactor.needsScript':
    'Sicherheitsschlüssel brauchen JavaScript in diesem Browser; der Code funktioniert auch ohne.',
  'secondFactor.keyFailed':
    'Der Sicherheitsschlüssel wurde nicht akzeptiert. Versuchen Sie es erneut oder geben Sie einen Code ein.',
  'secondFactor.keyOnlyFailed':
    'Der Sicherheitsschlüssel wurde nicht akzeptiert. Versuchen Sie es erneut mit einem Ihrer Sicherheitsschlüssel oder Passkeys.',
  'secondFactor.lostKeys':
    'Sicherheitsschlüssel verloren? Bitten Sie einen Administrator, Ihre Zwei-Faktor-Anmeldung zurückzusetzen.',
  'secondFactor.alreadyOn':
    'Die Authenticator-App ist bereits eingerichtet. Schalten Sie sie zuerst aus, um eine andere einzurichten.',
  'secondFactor.wrongFirstCode':
    'Das ist nicht der Code, den die App gerade zeigt. Geben Sie den {digits}-stelligen Code ein, bevor er wechselt.',
  'twoFactor.title': 'Zwei-Faktor-Anmeldung',
  'twoFactor.intro':
    'Nach Ihrem Passwort fragt Quire nach einem zweiten Nachweis: einem Code aus einer Authenticator-App oder einem Sicherheitsschlüssel.',
  'twoFactor.changeDetailsLink': 'Zwei-Faktor-Anmeldung einrichten',
  'twoFactor.on': 'Ein',
  'twoFactor.off': 'Aus',
  'twoFactor.required':
    'Administratoren müssen hier die Zwei-Faktor-Anmeldung verwenden. Richten Sie eine Authenticator-App oder einen Sicherheitsschlüssel ein, um zur Verwaltungskonsole zu gelangen.',
  'twoFactor.app.title': 'Authenticator-App',
  'twoFactor.app.status': 'Authenticator-App: {status}',
  'twoFactor.app.start': 'Authenticator-App einrichten',
  'twoFactor.app.remove': 'Authenticator-App ausschalten',
  'twoFactor.app.step1':
    'Fügen Sie in Ihrer Authenticator-App ein Konto hinzu und tippen Sie diesen Schlüssel ein:',
  'twoFactor.app.uri': 'Oder öffnen Sie diese Adresse auf dem Gerät mit der App:',
  'twoFactor.app.step2': 'Geben Sie den 6-stelligen Code ein, den die App jetzt zeigt:',
  'twoFactor.app.confirm': 'Einschalten',
  'twoFactor.app.cancel': 'Abbrechen',
  'twoFactor.recovery.left': 'Unbenutzte Wiederherstellungscodes: {count}',
  'twoFactor.recovery.new': 'Neue Wiederherstellungscodes',
  'twoFactor.recovery.title': 'Ihre Wiederherstellungscodes',
  'twoFactor.recovery.intro':
    'Bewahren Sie diese Codes sicher und getrennt von Ihrem Telefon auf. Jeder meldet Sie einmal an, falls Sie Ihre Authenticator-App verlieren. Sie werden nur jetzt angezeigt; frühere Codes gelten nicht mehr.',
  'twoFactor.recovery.done': 'Ich habe sie gespeichert',
  'twoFactor.keys.title': 'Sicherheitsschlüssel',
  'twoFactor.keys.none': 'Noch keine Sicherheitsschlüssel.',
  'twoFactor.keys.caption': 'Ihre Sicherheitsschlüssel und Passkeys',
  'twoFactor.keys.name': 'Name',
  'twoFactor.keys.addedOn': 'Hinzugefügt: {when}',
  'twoFactor.keys.lastUsedOn': 'Zuletzt verwendet: {when}',
  'twoFactor.keys.neverUsed': 'Noch nie verwendet',
  'twoFactor.keys.actions': 'Aktionen',
  'twoFactor.keys.remove': '{name} entfernen',
  'twoFactor.keys.add': 'Sicherheitsschlüssel hinzufügen',
  'twoFactor.keys.newName': 'Name des Schlüssels',
  'twoFactor.keys.newNameHint': 'Zum Beispiel „Blauer YubiKey“ oder „Arbeitslaptop“.',
  'twoFactor.keys.nameMissing': 'Geben Sie einen Namen für den Schlüssel ein.',
  'twoFactor.keys.nameTooLong': 'Der Name hat höchstens 60 Zeichen.',
  'twoFactor.keys.failed': 'Der Sicherheitsschlüssel wurde nicht hinzugefügt. Versuchen Sie es erneut.',
  'twoFactor.done.app': 'Die Authenticator-App ist eingeschaltet.',
  'twoFactor.done.appRemoved': 'Die Authenticator-App ist ausgeschaltet.',
  'twoFactor.done.keyAdded': 'Der Sicherheitsschlüssel wurde hinzugefügt.',
  'twoFactor.done.keyRemoved': 'Der Sicherheitsschlüssel wurde entfernt.',
};
