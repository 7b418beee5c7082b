/** German for problems/accounting.en.ts: every key with the same ICU arguments. */
import type { AccountingProblemKey } from './accounting.en.js';

export const accountingProblemsDe: Record<AccountingProblemKey, string> = {
  'problem.amount.notAmount': '„{text}“ ist kein Betrag; schreiben Sie ihn wie 5 oder 1,25.',
  'problem.amount.tooLarge': 'Der Betrag ist zu groß.',
  'problem.amount.notFinite': 'Der Betrag muss eine endliche Zahl sein.',
  'problem.amount.outOfRange': 'Der Betrag liegt außerhalb des zulässigen Bereichs.',
  'problem.amount.balanceRange': 'Das Guthaben würde den Bereich verlassen, den Quire speichern kann.',
  'problem.amount.overdraft': 'Der Überziehungsrahmen muss null oder größer sein.',
  'problem.comment.tooLong': 'Der Kommentar darf höchstens {max} Zeichen lang sein (er hat {length}).',
  'problem.selection.mode': 'Die Kontoauswahl muss eine der folgenden sein: {modes}.',
  'problem.selection.chooseShared': 'Wählen Sie das gemeinsame Konto, das belastet werden soll.',
  'problem.shared.unknown': 'Es gibt kein gemeinsames Konto namens „{name}“.',
  'problem.shared.enterName':
    'Geben Sie einen Namen ein; ein Unterkonto schreibt man „Übergeordnet\\Unterkonto“.',
  'problem.shared.tooDeep': 'Ein Unterkonto darf keine eigenen Unterkonten haben.',
  'problem.shared.nameTooLong': 'Der Name darf höchstens {max} Zeichen lang sein.',
  'problem.shared.renameKeepsLevel':
    'Beim Umbenennen bleibt ein Konto, wo es ist: Ein Unterkonto bleibt unter seinem übergeordneten Konto.',
  'problem.shared.renameKeepsParent': 'Ein Unterkonto behält beim Umbenennen sein übergeordnetes Konto.',
  'problem.shared.ownParent': 'Ein Konto kann nicht sein eigenes übergeordnetes Konto sein.',
  'problem.shared.hasChildren': '„{name}“ hat Unterkonten und kann deshalb kein Unterkonto werden.',
  'problem.shared.exists': 'Ein gemeinsames Konto namens „{name}“ gibt es bereits.',
  'problem.printer.enterName': 'Geben Sie einen Namen ein.',
  'problem.printer.backslash': 'Ein Name darf kein „\\“ enthalten.',
  'problem.printer.price': 'Ein Preis muss null oder größer sein.',
  'problem.printer.discount': 'Der Duplexrabatt ist ein ganzzahliger Prozentsatz von 0 bis 100.',
  'problem.printer.sizes': 'Höchstens {max} Papierformate.',
  'problem.printer.sizeTwice': 'Das Papierformat „{size}“ ist doppelt aufgeführt.',
  'problem.printer.groups': 'Höchstens {max} Druckergruppen.',
  'problem.printer.ambiguous':
    'Mehrere Server haben einen Drucker namens „{name}“; geben Sie auch den Server an.',
  'problem.text.atMost': 'Höchstens {max} Zeichen.',
  'problem.label.name': 'Name',
  'problem.label.pin': 'PIN',
  'problem.label.notes': 'Notizen',
  'problem.label.comment': 'Kommentar',
  'problem.label.displayName': 'Anzeigename',
  'problem.label.location': 'Standort',
  'problem.log.noUser': 'Es gibt keinen Benutzer namens „{name}“.',
  'problem.log.noPrinter': 'Es gibt keinen Drucker namens „{name}“.',
  'problem.log.noAccount':
    'Es gibt kein Konto namens „{name}“: Geben Sie den Namen eines gemeinsamen Kontos oder einen Benutzernamen ein.',
};
