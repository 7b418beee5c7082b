/** German messages: every key of en.ts with the same ICU arguments. */
import type { MessageKey } from './en.js';
import { accountingProblemsDe } from './problems/accounting.de.js';
import { releaseDe } from './release/release.de.js';
import { accountDe } from './account/account.de.js';
import { adminLinksDe } from './admin-links/admin-links.de.js';
import { twoFactorDe } from './two-factor/two-factor.de.js';
import { freshLoginDe } from './fresh-login/fresh-login.de.js';

export const de: Record<MessageKey, string> = {
  'layout.skipToContent': 'Zum Inhalt springen',
  'layout.signedInAs': 'Angemeldet als {username}',
  'layout.logOut': 'Abmelden',
  'layout.area.user': 'Benutzeroberfläche',
  'layout.area.admin': 'Verwaltungskonsole',
  'layout.area.setup': 'Einrichtung',
  'layout.title': '{page} – {organization} {area}',

  'forms.errorSummary': 'Bitte prüfen Sie Ihre Eingaben',
  'forms.fieldError': '{label}: {message}',

  'login.title': 'Anmelden',
  'login.adminTitle': 'Anmeldung an der Verwaltungskonsole',
  'login.username': 'Benutzername',
  'login.password': 'Passwort',
  'login.submit': 'Anmelden',
  'login.otherWays': 'Andere Anmeldemöglichkeiten',
  'login.signInWith': 'Anmelden mit {provider}',
  'login.forgotPassword': 'Passwort vergessen?',
  'login.newHere': 'Neu hier? {register}',
  'login.register': 'Registrieren',
  'login.failed': 'Benutzername oder Passwort ist nicht korrekt.',
  'login.throttled':
    'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  'login.directoryUnreachable':
    'Eine Anmeldung ist gerade nicht möglich, weil das Benutzerverzeichnis nicht erreichbar ist. Bitte versuchen Sie es später erneut.',
  'login.directory.disabled':
    'Ihr Konto ist im Verzeichnis Ihrer Organisation deaktiviert. Wenden Sie sich an Ihre IT-Abteilung.',
  'login.directory.locked':
    'Ihr Verzeichniskonto ist nach zu vielen fehlgeschlagenen Anmeldungen gesperrt. Warten Sie, bis die Sperre aufgehoben ist, oder wenden Sie sich an Ihre IT-Abteilung.',
  'login.directory.passwordExpired':
    'Ihr Verzeichnispasswort ist abgelaufen. Ändern Sie es (zum Beispiel bei der Anmeldung an einem Windows-Computer) und melden Sie sich dann erneut an.',
  'login.directory.accountExpired':
    'Ihr Verzeichniskonto ist abgelaufen. Wenden Sie sich an Ihre IT-Abteilung.',
  'login.directory.mustChangePassword':
    'Ihre Organisation verlangt, dass Sie Ihr Passwort ändern, bevor Sie sich anmelden. Ändern Sie es (zum Beispiel bei der Anmeldung an einem Windows-Computer) und melden Sie sich dann erneut an.',

  'sso.title.incomplete': 'Anmeldung konnte nicht abgeschlossen werden',
  'sso.title.unverified': 'Anmeldung konnte nicht überprüft werden',
  'sso.title.refused': 'Anmeldung abgelehnt',
  'sso.title.notFound': 'Anmeldemöglichkeit nicht gefunden',
  'sso.title.tooMany': 'Zu viele Anmeldeversuche',
  'sso.title.unavailable': 'Anmeldung nicht verfügbar',
  'sso.backToSignIn': 'Zurück zur Anmeldeseite',
  'sso.administrators': 'Für Administratoren: {adminLogin}',
  'sso.noSuchOption':
    'Diese Anmeldemöglichkeit gibt es nicht. Melden Sie sich mit Ihrem Benutzernamen und Passwort an.',
  'sso.notOffered':
    'Die Anmeldung mit {provider} wird hier nicht angeboten. Melden Sie sich mit Ihrem Benutzernamen und Passwort an.',
  'sso.notAdmin':
    '{username} hat keinen Zugriff auf die Verwaltung. Verwenden Sie die Benutzeroberfläche, oder bitten Sie Ihre Administration um Administratorrechte.',
  'sso.expired': 'Die Anmeldeanfrage ist abgelaufen oder wurde bereits verwendet. Beginnen Sie von vorn.',
  'sso.tooManyStarts': 'Zu viele Anmeldeversuche von dieser Adresse; warten Sie eine Minute.',
  'sso.noSource':
    'Diese Anmeldemöglichkeit ist mit keiner Verzeichnisquelle mehr verbunden. Wenden Sie sich an Ihre Administration.',
  'sso.unavailable':
    'Die Anmeldung mit {provider} ist gerade nicht verfügbar. Melden Sie sich mit Ihrem Benutzernamen und Passwort an oder versuchen Sie es später.',
  'sso.providerError':
    '{provider} hat Sie nicht angemeldet ({detail}). Beginnen Sie von vorn, oder melden Sie sich mit Ihrem Benutzernamen und Passwort an.',
  'sso.codeRefused':
    '{provider} hat es abgelehnt, die Anmeldung abzuschließen ({detail}). Beginnen Sie von vorn.',
  'sso.invalidAnswer':
    'Die Antwort des Anbieters konnte nicht überprüft werden ({detail}). Beginnen Sie von vorn; wenn das wiederholt geschieht, informieren Sie Ihre Administration.',
  'sso.samlInvalidAnswer':
    'Die Antwort von {provider} konnte nicht überprüft werden: {detail} Beginnen Sie von vorn; wenn das wiederholt geschieht, informieren Sie Ihre Administration.',
  'sso.missingClaim':
    'Die Antwort des Anbieters ist nicht verwendbar: Ihr ID-Token enthält keinen Claim „{claim}“. Informieren Sie Ihre Administration.',
  'sso.emailUnverified':
    '{provider} hat die E-Mail-Adresse {email} nicht bestätigt, daher kann sie nicht zur Anmeldung verwendet werden. Bestätigen Sie sie dort, oder wenden Sie sich an Ihre Administration.',
  'sso.notWorkspace':
    'Mit {shown} ist kein Quire-Konto verknüpft: Hier können sich nur Konten aus dem Google Workspace dieser Organisation anmelden.',
  'sso.notLinked':
    'Mit {shown} ist kein Quire-Konto verknüpft. Bitten Sie Ihre Administration, Ihr Konto zu synchronisieren.',
  'sso.cannotCreate':
    'Mit {shown} ist kein Quire-Konto verknüpft, und es kann keines angelegt werden: {why} Wenden Sie sich an Ihre Administration.',
  'sso.why.noAllowedDomains': 'Für neue Konten sind keine E-Mail-Domains zugelassen.',
  'sso.why.emailUnverified': '{provider} hat die E-Mail-Adresse nicht bestätigt.',
  'sso.why.otherDomain':
    '{hasEmail, select, yes {Die E-Mail-Adresse} other {Eine E-Mail-Adresse}} muss zu {domains} gehören.',
  'sso.why.workspace': 'Das Google-Konto muss zum Google Workspace von {domains} gehören.',
  'sso.badUsername':
    'Für {shown} konnte kein Quire-Konto angelegt werden: {problem} Wenden Sie sich an Ihre Administration.',
  'sso.usernameTaken':
    'Mit {shown} ist kein Quire-Konto verknüpft, und es gibt bereits ein anderes Konto namens {username}. Wenden Sie sich an Ihre Administration.',
  'sso.lookalike':
    'Für {shown} konnte kein Quire-Konto angelegt werden: Der Name {username} ähnelt dem des bestehenden Benutzers {existing}. Wenden Sie sich an Ihre Administration.',
  'sso.disabled': 'Ihr Quire-Konto {username} ist deaktiviert. Wenden Sie sich an Ihre Administration.',

  'error.back.user': 'Zur Benutzeroberfläche',
  'error.back.admin': 'Zur Verwaltungskonsole',
  'error.back.start': 'Zur Startseite',
  'error.title.accessDenied': 'Zugriff verweigert',
  'error.title.notFound': 'Seite nicht gefunden',
  'error.title.notPossible': 'Nicht möglich',
  'error.title.other': 'Etwas stimmt nicht',
  'error.title.tooLarge': 'Zu viele Daten',
  'error.title.badRequest': 'Ungültige Anfrage',
  'error.title.serverError': 'Etwas ist schiefgegangen',
  'error.message.notFound': 'Unter dieser Adresse gibt es keine Seite.',
  'error.message.tooLarge':
    'Das Formular hat mehr Daten gesendet, als dieser Server annimmt. Bitte kürzen Sie die Eingaben und versuchen Sie es erneut.',
  'error.message.badRequest':
    'Die Anfrage konnte nicht verstanden werden. Bitte gehen Sie zurück und versuchen Sie es erneut.',
  'error.message.serverError':
    'Der Server konnte diese Anfrage nicht ausführen. Es wurde nichts geändert. Bitte versuchen Sie es erneut; wenn der Fehler bleibt, wenden Sie sich an Ihre Administration.',
  'error.message.csrf':
    'Dieses Formular ist abgelaufen oder stammt nicht von dieser Website. Bitte gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.message.forbidden': 'Dazu sind Sie nicht berechtigt.',
  'error.message.tooManyAttempts':
    'Zu viele fehlgeschlagene Versuche von dieser Adresse. Versuchen Sie es in {seconds, plural, one {# Sekunde} other {# Sekunden}} erneut.',

  'user.nav.summary': 'Übersicht',
  'user.nav.changeDetails': 'Angaben ändern',
  'user.nav.adminConsole': 'Verwaltungskonsole',
  'user.backToLogin': 'Zurück zur Anmeldung',
  'user.logIn': 'Anmelden',
  'user.backToChangeDetails': 'Zurück zu „Angaben ändern“',
  'user.none': '—',

  'user.summary.title': 'Übersicht',
  'user.summary.account': 'Konto',
  'user.summary.username': 'Benutzername',
  'user.summary.fullName': 'Vollständiger Name',
  'user.summary.email': 'E-Mail',
  'user.summary.department': 'Abteilung',
  'user.summary.office': 'Büro',
  'user.summary.cardNumber': 'Karten-/ID-Nummer',
  'user.summary.cardOnFile': 'Hinterlegt',
  'user.summary.accountType': 'Kontotyp',
  'user.summary.internal': 'Interner Benutzer (Passwort wird in Quire verwaltet)',
  'user.summary.synced': 'Synchronisiert aus {source}',
  'user.summary.balanceTitle': 'Guthaben',
  'user.summary.balance': 'Kontostand',
  'user.summary.status': 'Status',
  'user.summary.restricted':
    'Eingeschränkt: Drucken ist nicht mehr möglich, sobald der Kontostand unter {limit} fallen würde',
  'user.summary.unrestricted': 'Nicht eingeschränkt',
  'user.summary.thisMonth': 'Dieser Monat',
  'user.summary.monthPages': 'Gedruckte Seiten',
  'user.summary.monthJobs': 'Druckaufträge',
  'user.summary.chartTitle': 'Guthaben der letzten {days} Tage',
  'user.summary.chartSummary':
    'Guthaben seit {from}: {start} zu Beginn, {end} jetzt; niedrigster Stand {lowest}, höchster {highest}.',
  'user.summary.chartToday': 'Heute: {balance}',

  // Transaction History and Recent Print Jobs.
  'user.nav.transactions': 'Buchungen',
  'user.nav.jobs': 'Letzte Druckaufträge',
  'user.transactions.title': 'Buchungen',
  'user.transactions.caption': 'Ihre Buchungen, die neuesten zuerst',
  'user.transactions.time': 'Zeitpunkt',
  'user.transactions.type': 'Art',
  'user.transactions.amount': 'Betrag',
  'user.transactions.balanceAfter': 'Kontostand danach',
  'user.transactions.comment': 'Kommentar',
  'user.transactions.empty': 'Auf Ihrem Konto gibt es noch keine Buchungen.',
  'user.transactions.older': 'Ältere Buchungen',
  'user.ledgerType.adjustment': 'Korrektur',
  'user.ledgerType.printCharge': 'Druckkosten',
  'user.ledgerType.refund': 'Erstattung',
  'user.ledgerType.quota': 'Kontingent',
  'user.ledgerType.initialCredit': 'Startguthaben',
  'user.ledgerType.transfer': 'Übertragung',
  'user.ledgerType.cardRedemption': 'Guthabenkarte eingelöst',
  'user.jobs.title': 'Letzte Druckaufträge',
  'user.jobs.caption': 'Ihre Druckaufträge, die neuesten zuerst',
  'user.jobs.time': 'Zeitpunkt',
  'user.jobs.printer': 'Drucker',
  'user.jobs.document': 'Dokument',
  'user.jobs.pages': 'Seiten',
  'user.jobs.cost': 'Kosten',
  'user.jobs.status': 'Status',
  'user.jobs.empty': 'Sie haben noch nichts gedruckt.',
  'user.jobs.older': 'Ältere Druckaufträge',
  'user.jobStatus.printed': 'Gedruckt',
  'user.jobStatus.denied': 'Abgelehnt: {reason}',
  'user.jobStatus.refunded': 'Erstattet',
  'user.jobStatus.cancelled': 'Abgebrochen',

  // Rates and Shared Accounts.
  'user.nav.rates': 'Preise',
  'user.nav.sharedAccounts': 'Gemeinsame Konten',
  'user.rates.title': 'Preise',
  'user.rates.caption': 'Preis pro Seite auf jedem Drucker',
  'user.rates.printer': 'Drucker',
  'user.rates.gray': 'Seite in Graustufen',
  'user.rates.color': 'Farbseite',
  'user.rates.duplex': 'Rabatt für beidseitigen Druck',
  'user.rates.percent': '{percent} %',
  'user.rates.empty': 'Es ist kein Drucker verfügbar.',
  'user.shared.title': 'Gemeinsame Konten',
  'user.shared.caption': 'Gemeinsame Konten, die Sie belasten dürfen',
  'user.shared.name': 'Konto',
  'user.shared.balance': 'Kontostand',
  'user.shared.empty': 'Sie dürfen kein gemeinsames Konto belasten.',

  'user.changeDetails.title': 'Angaben ändern',
  'user.changeDetails.mustChange': 'Sie müssen Ihr Passwort ändern, bevor Sie fortfahren können.',
  'user.changeDetails.done.password': 'Ihr Passwort wurde geändert. Überall sonst wurden Sie abgemeldet.',
  'user.changeDetails.done.sessions': 'Sie wurden überall sonst abgemeldet.',
  'user.changeDetails.done.emailSent':
    'Wir haben einen Link an Ihre neue E-Mail-Adresse gesendet. Ihre Adresse ändert sich, sobald Sie ihn öffnen.',
  'user.changeDetails.done.emailCancelled':
    'Die Änderung der E-Mail-Adresse wurde abgebrochen; ihr Link funktioniert nicht mehr.',
  'user.changeDetails.done.language': 'Ihre Sprache wurde gespeichert.',
  'user.changePassword.title': 'Passwort ändern',
  'user.changePassword.directoryIntro':
    'Damit ändern Sie Ihr Passwort in {label} ({source}) – für alle Systeme, die es verwenden.',
  'user.changePassword.currentPassword': 'Aktuelles Passwort',
  'user.changePassword.newPassword': 'Neues Passwort',
  'user.changePassword.confirmPassword': 'Neues Passwort bestätigen',
  'user.changePassword.directoryHint':
    'Es gelten die Passwortregeln Ihres Verzeichnisses (Länge, Komplexität, Verlauf).',
  'user.changePassword.submit': 'Passwort ändern',
  'user.password.title': 'Ihr Passwort',
  'user.password.managedBy': 'Ihr Passwort wird von {label} verwaltet.',
  'user.password.managedByIn': 'Ihr Passwort wird von {label} ({source}) verwaltet.',
  'user.password.notHere':
    'Es kann hier nicht geändert werden. Ändern Sie es dort, wo Sie sich bei den anderen Systemen Ihrer Organisation anmelden.',
  'user.email.title': 'E-Mail-Adresse',
  'user.email.current':
    'Ihre E-Mail-Adresse ist {email}. Links zum Zurücksetzen des Passworts werden dorthin gesendet.',
  'user.email.none':
    'Sie haben keine E-Mail-Adresse, daher kann ein vergessenes Passwort nicht per E-Mail zurückgesetzt werden.',
  'user.email.pending':
    'Ein Bestätigungslink wurde an {email} gesendet. Ihre Adresse ändert sich, sobald Sie ihn öffnen (innerhalb von 24 Stunden).',
  'user.email.cancel': 'Diese Änderung abbrechen',
  'user.email.newEmail': 'Neue E-Mail-Adresse',
  'user.email.newEmailHint':
    'Wir senden einen Link an diese Adresse; sie wird übernommen, sobald Sie ihn öffnen, und Ihre bisherige Adresse erhält eine Benachrichtigung.',
  'user.email.currentPassword': 'Aktuelles Passwort',
  'user.email.submit': 'Bestätigungslink senden',
  'user.sessions.title': 'Wo Sie angemeldet sind',
  'user.sessions.caption': 'Ihre aktiven Sitzungen, die zuletzt genutzte zuerst',
  'user.sessions.browser': 'Browser',
  'user.sessions.address': 'Adresse',
  'user.sessions.signedIn': 'Angemeldet',
  'user.sessions.lastSeen': 'Zuletzt aktiv',
  'user.sessions.thisSession': 'Diese Sitzung',
  'user.sessions.signOutOthers': 'Alle anderen Sitzungen abmelden ({count})',
  'user.sessions.noOthers': 'Sie sind nirgendwo sonst angemeldet.',
  'user.sessions.agent': '{browser} unter {system}',
  'user.sessions.agentUnknown': 'Unbekannter Browser',
  'user.language.title': 'Sprache',
  'user.language.label': 'Sprache dieser Seiten und der Nachrichten an Sie',
  'user.language.automatic': 'Automatisch (Sprache Ihres Browsers)',
  'user.language.submit': 'Sprache speichern',

  'user.forgot.title': 'Passwort vergessen?',
  'user.forgot.intro':
    'Wenn Ihr Konto in {organization} verwaltet wird, geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein. Wir senden Ihnen dann einen Link, mit dem Sie ein neues Passwort wählen können.',
  'user.forgot.identifier': 'Benutzername oder E-Mail-Adresse',
  'user.forgot.submit': 'Link zum Zurücksetzen senden',
  'user.forgot.empty': 'Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein.',
  'user.resetRequested.title': 'Prüfen Sie Ihre E-Mails',
  'user.resetRequested.notice':
    'Wenn ein internes Konto passt, haben wir einen Link an dessen E-Mail-Adresse gesendet. Der Link funktioniert einmal und eine Stunde lang.',
  'user.resetRequested.noMessage':
    'Nach einigen Minuten noch keine Nachricht? Sehen Sie in Ihrem Spam-Ordner nach. Konten, deren Passwort im Verzeichnis Ihrer Organisation verwaltet wird, und Konten ohne E-Mail-Adresse erhalten keine Nachricht.',
  'user.reset.title': 'Neues Passwort wählen',
  'user.reset.submit': 'Neues Passwort festlegen',
  'user.reset.signsOut': 'Wenn Sie ein neues Passwort festlegen, werden Sie überall abgemeldet.',
  'user.resetInvalid.title': 'Dieser Link kann nicht verwendet werden',
  'user.resetInvalid.notice':
    'Dieser Link zum Zurücksetzen des Passworts ist ungültig: Er wurde bereits verwendet, durch einen neueren Link ersetzt, ist älter als eine Stunde oder wurde nicht vollständig kopiert.',
  'user.resetInvalid.askAgain': 'Neuen Link anfordern',
  'user.resetDone.title': 'Ihr Passwort wurde geändert',
  'user.resetDone.notice':
    'Ihr neues Passwort ist festgelegt. Sie wurden überall abgemeldet; melden Sie sich mit dem neuen Passwort an.',

  'user.confirmEmail.title': 'Neue E-Mail-Adresse bestätigen',
  'user.confirmEmail.question': '{email} als E-Mail-Adresse des Kontos {username} verwenden?',
  'user.confirmEmail.submit': 'E-Mail-Adresse bestätigen',
  'user.emailConfirmed.title': 'Ihre E-Mail-Adresse wurde geändert',
  'user.emailConfirmed.notice':
    'Die neue Adresse ist gespeichert. Ihre bisherige Adresse wurde über die Änderung informiert.',
  'user.emailLinkInvalid.title': 'Dieser Link kann nicht verwendet werden',
  'user.emailLinkInvalid.notice':
    'Dieser Bestätigungslink ist ungültig: Er wurde bereits verwendet, durch eine neuere Anfrage oder einen Abbruch ersetzt, ist älter als 24 Stunden oder wurde nicht vollständig kopiert.',

  'register.title': 'Registrieren',
  'register.intro':
    'Legen Sie ein Konto an. Wir senden Ihnen einen Link per E-Mail; das Konto funktioniert, sobald Sie ihn geöffnet haben.',
  'register.username': 'Benutzername',
  'register.usernameHint': 'Bis zu 64 Zeichen, ohne „/“, „\\“ oder „@“.',
  'register.fullName': 'Vollständiger Name',
  'register.email': 'E-Mail-Adresse',
  'register.emailHint': 'Der Aktivierungslink wird an diese Adresse gesendet.',
  'register.emailHintDomain':
    'Der Aktivierungslink wird an diese Adresse gesendet. Es muss eine Adresse bei {domain} sein.',
  'register.emailHintDomains':
    'Der Aktivierungslink wird an diese Adresse gesendet. Es muss eine Adresse bei einer dieser Domains sein: {domains}.',
  'register.password': 'Passwort',
  'register.confirmPassword': 'Passwort bestätigen',
  'register.submit': 'Registrieren',
  'register.haveAccount': 'Sie haben schon ein Konto? {logIn}',
  'register.sent.title': 'Prüfen Sie Ihre E-Mails',
  'register.sent.notice': 'Wir haben einen Link an die angegebene E-Mail-Adresse gesendet.',
  'register.sent.text':
    'Öffnen Sie ihn innerhalb von 24 Stunden, um Ihr Konto zu aktivieren; bis dahin können Sie sich nicht anmelden. Wenn keine Nachricht ankommt, sehen Sie in Ihrem Spam-Ordner nach oder registrieren Sie sich erneut.',
  'register.notSent.title': 'E-Mail nicht gesendet',
  'register.notSent.notice':
    'Wir konnten die Aktivierungs-E-Mail nicht senden, daher wurde kein Konto angelegt.',
  'register.notSent.text':
    'Bitte versuchen Sie es später erneut. Wenn der Fehler bleibt, wenden Sie sich an Ihre Administration.',
  'register.activate.title': 'Konto aktivieren',
  'register.activate.text': 'Ihre E-Mail-Adresse ist bestätigt, sobald Sie das Konto aktivieren.',
  'register.activate.submit': 'Mein Konto aktivieren',
  'register.verified.title': 'Konto aktiviert',
  'register.verified.notice': 'Ihr Konto {username} ist bereit.',
  'register.link.invalid.title': 'Dieser Link funktioniert nicht',
  'register.link.invalid.text':
    'Der Link ist ungültig oder wurde bereits verwendet. Wenn Sie Ihr Konto schon aktiviert haben, melden Sie sich an; andernfalls registrieren Sie sich erneut.',
  'register.link.expired.title': 'Dieser Link ist abgelaufen',
  'register.link.expired.text': 'Aktivierungslinks gelten 24 Stunden. Bitte registrieren Sie sich erneut.',
  'register.link.taken.title': 'Dieser Benutzername ist nicht mehr frei',
  'register.link.taken.text':
    'Jemand anderes hat diesen Benutzernamen vergeben, bevor das Konto aktiviert wurde. Bitte registrieren Sie sich erneut mit einem anderen Benutzernamen.',

  'policy.minLength': 'Mindestens {min} Zeichen; am besten ist eine lange Passphrase.',
  'policy.refuseCommonAndUsername': 'Sehr häufige Passwörter und der Benutzername werden abgelehnt.',
  'policy.refuseCommon': 'Sehr häufige Passwörter werden abgelehnt.',
  'policy.refuseUsername': 'Der Benutzername wird als Passwort abgelehnt.',
  'policy.history':
    '{count, plural, one {Das aktuelle Passwort kann nicht erneut verwendet werden.} other {Die letzten # Passwörter können nicht erneut verwendet werden.}}',

  'problem.password.tooShort': 'Passwörter müssen mindestens {min} Zeichen lang sein.',
  'problem.password.tooLong': 'Passwörter dürfen höchstens {max} Zeichen lang sein.',
  'problem.password.sameAsUsername': 'Das Passwort darf nicht mit dem Benutzernamen übereinstimmen.',
  'problem.password.common':
    'Dieses Passwort gehört zu den am häufigsten verwendeten Passwörtern. Bitte wählen Sie ein anderes.',
  'problem.password.usedRecently':
    'Dieses Passwort wurde kürzlich verwendet. Wählen Sie eines, das nicht unter den letzten {count} ist.',
  'problem.password.enterNew': 'Geben Sie ein neues Passwort ein.',
  'problem.password.enterCurrent': 'Geben Sie Ihr aktuelles Passwort ein.',
  'problem.password.mustDiffer': 'Das neue Passwort muss sich vom aktuellen unterscheiden.',
  'problem.password.newMismatch': 'Die beiden neuen Passwörter stimmen nicht überein.',
  'problem.password.mismatch': 'Die beiden Passwörter stimmen nicht überein.',
  'problem.password.currentWrong': 'Das aktuelle Passwort ist nicht korrekt.',
  'problem.email.enterNew': 'Geben Sie Ihre neue E-Mail-Adresse ein.',
  'problem.email.same': 'Das ist bereits Ihre E-Mail-Adresse.',
  'problem.email.invalid': 'Geben Sie eine E-Mail-Adresse wie name@example.org ein.',
  'problem.register.enterFullName': 'Geben Sie Ihren vollständigen Namen ein.',
  'problem.register.enterEmail':
    'Geben Sie Ihre E-Mail-Adresse ein: Der Link zur Aktivierung Ihres Kontos wird dorthin gesendet.',
  'problem.register.emailDomain': 'Verwenden Sie eine E-Mail-Adresse bei {domain}.',
  'problem.register.emailDomains': 'Verwenden Sie eine E-Mail-Adresse bei einer dieser Domains: {domains}.',
  'problem.register.taken': 'Der Benutzername „{username}“ ist vergeben. Bitte wählen Sie einen anderen.',
  'problem.language.unknown': 'Wählen Sie eine der angebotenen Sprachen.',
  'problem.username.empty': 'Geben Sie einen Benutzernamen ein.',
  'problem.username.tooLong': 'Benutzernamen dürfen höchstens {max} Zeichen lang sein.',
  'problem.username.forbidden': 'Benutzernamen dürfen kein „/“, „\\“ oder „@“ enthalten.',
  'problem.username.dots': 'Benutzernamen dürfen nicht „.“ oder „..“ lauten.',
  'problem.username.unprintable': 'Benutzernamen dürfen nur druckbare Zeichen enthalten.',
  'problem.username.mixedScripts':
    'Benutzernamen dürfen keine Buchstaben verschiedener Schriften mischen ({scripts}): Ein solcher Name kann wie ein anderer aussehen.',
  'problem.username.invisible':
    'Benutzernamen dürfen keine unsichtbaren Zeichen enthalten (etwa einen Verbinder oder einen Variantenwähler).',
  'problem.username.lookalike':
    'Dieser Benutzername sieht aus wie der des bestehenden Benutzers „{existing}“ (Buchstaben oder Ziffern, die sich ähneln). Wählen Sie einen anderen Namen.',
  'problem.text.tooLong': '„{label}“ darf höchstens {max} Zeichen lang sein.',
  'problem.text.control': '„{label}“ darf nur druckbare Zeichen enthalten (keine Steuerzeichen wie NUL).',
  'problem.text.controlOneLine':
    '„{label}“ darf nur druckbare Zeichen in einer Zeile enthalten (keine Steuerzeichen wie NUL).',
  'problem.text.surrogate': '„{label}“ enthält ein beschädigtes Zeichen (ein einzelnes UTF-16-Surrogat).',
  // The accounting services' form errors (problems/accounting.de.ts).
  ...accountingProblemsDe,
  ...releaseDe,
  ...accountDe,
  ...adminLinksDe,
  ...twoFactorDe,
  ...freshLoginDe,
  'detail.fullName': 'Vollständiger Name',
  'detail.email': 'E-Mail',
  'detail.department': 'Abteilung',
  'detail.office': 'Büro',
  'detail.notes': 'Notizen',
  'detail.cardNumber': 'Primäre Karten-/ID-Nummer',
  'detail.cardNumber2': 'Sekundäre Karten-/ID-Nummer',
  'detail.usernameAlias': 'Alias des Benutzernamens',
  'detail.homeFolder': 'Basisordner',
  'problem.directory.policy':
    'Das neue Passwort erfüllt die Passwortrichtlinie des Verzeichnisses nicht (Länge, Komplexität oder Verlauf).',
  'problem.directory.notAllowed':
    'Das Verzeichnis erlaubt Ihnen nicht, Ihr eigenes Passwort zu ändern. Wenden Sie sich an Ihre Administration.',
  'problem.directory.encryptionRequired':
    'Das Verzeichnis nimmt Passwortänderungen nur über eine verschlüsselte Verbindung an (ldaps:// oder StartTLS). Wenden Sie sich an Ihre Administration.',
  'problem.directory.refused': 'Das Verzeichnis hat die Passwortänderung abgelehnt (LDAP-Ergebnis {code}).',
  'problem.directory.disabled': 'Dieses Konto ist im Verzeichnis deaktiviert.',
  'problem.directory.locked':
    'Dieses Konto ist im Verzeichnis gesperrt. Versuchen Sie es später erneut oder wenden Sie sich an Ihre Administration.',
  'problem.directory.passwordExpired':
    'Dieses Passwort ist abgelaufen. Ändern Sie es dort, wo Ihre Organisation abgelaufene Passwörter ändert (zum Beispiel bei einer Windows-Anmeldung).',
  'problem.directory.accountExpired': 'Dieses Konto ist im Verzeichnis abgelaufen.',
  'problem.directory.mustChangePassword':
    'Das Verzeichnis verlangt bei der nächsten Windows-Anmeldung ein neues Passwort; ändern Sie es dort.',

  'mail.buttonFallback':
    'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser: {url}',
  'mail.reset.subject': 'Ihr Passwort für {organization} zurücksetzen',
  'mail.reset.body':
    'Jemand hat angefordert, das Passwort des {organization}-Kontos „{username}“ zurückzusetzen. Wenn Sie das waren, wählen Sie über den folgenden Link ein neues Passwort. Er funktioniert einmal und {minutes} Minuten lang.',
  'mail.reset.ignore':
    'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
  'mail.reset.link': 'Neues Passwort wählen',
  'mail.passwordChanged.subject': 'Ihr Passwort für {organization} wurde geändert',
  'mail.passwordChanged.body':
    'Das Passwort des {organization}-Kontos „{username}“ wurde mit einem an diese Adresse gesendeten Link zurückgesetzt. Sie wurden überall abgemeldet.',
  'mail.notYou': 'Wenn Sie das nicht waren, wenden Sie sich sofort an Ihre Administration. {help}',
  'mail.emailChange.subject': 'Bestätigen Sie Ihre neue E-Mail-Adresse für {organization}',
  'mail.emailChange.body':
    'Für das {organization}-Konto „{username}“ wurde angefordert, ab sofort diese Adresse zu verwenden. Bestätigen Sie dies über den folgenden Link; er funktioniert einmal und {hours} Stunden lang.',
  'mail.emailChange.ignore':
    'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Es ändert sich nichts.',
  'mail.emailChange.link': 'Diese E-Mail-Adresse bestätigen',
  'mail.emailChanged.subject': 'Ihre E-Mail-Adresse für {organization} wurde geändert',
  'mail.emailChanged.body':
    'Die E-Mail-Adresse des {organization}-Kontos „{username}“ wurde von dieser Adresse in {newEmail} geändert. Nachrichten zum Konto, etwa Links zum Zurücksetzen des Passworts, gehen jetzt dorthin.',
  'mail.register.subject': 'Aktivieren Sie Ihr Konto bei {organization}',
  'mail.register.body':
    'Jemand – hoffentlich Sie – hat bei {organization} den Benutzernamen „{username}“ mit dieser E-Mail-Adresse registriert.',
  'mail.register.open':
    'Um das Konto zu aktivieren, öffnen Sie den folgenden Link innerhalb von 24 Stunden. Er funktioniert einmal.',
  'mail.register.ignore':
    'Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: Ohne den Link wird kein Konto angelegt.',
  'mail.register.link': 'Mein Konto aktivieren',
  'mail.welcome.subject': 'Ihr Konto bei {organization}',
  'mail.welcome.body':
    'Für Sie wurde ein Konto mit dem Namen „{username}“ angelegt. Das Passwort erhalten Sie von Ihrer Administration; nach der Anmeldung können Sie es unter „Angaben ändern“ ändern.',
  'mail.welcome.link': 'Anmelden',
};
