/** Spanish for problems/accounting.en.ts: every key with the same ICU arguments. */
import type { AccountingProblemKey } from './accounting.en.js';

export const accountingProblemsEs: Record<AccountingProblemKey, string> = {
  'problem.amount.notAmount': '«{text}» no es un importe; escríbalo como 5 o 1,25.',
  'problem.amount.tooLarge': 'El importe es demasiado grande.',
  'problem.amount.notFinite': 'El importe debe ser un número finito.',
  'problem.amount.outOfRange': 'El importe está fuera del rango permitido.',
  'problem.amount.balanceRange': 'El saldo saldría del rango que Quire puede guardar.',
  'problem.amount.overdraft': 'El descubierto debe ser cero o más.',
  'problem.comment.tooLong': 'El comentario puede tener como máximo {max} caracteres (tiene {length}).',
  'problem.selection.mode': 'La selección de cuenta debe ser una de estas: {modes}.',
  'problem.selection.chooseShared': 'Elija la cuenta compartida a la que se carga.',
  'problem.shared.unknown': 'No hay ninguna cuenta compartida llamada «{name}».',
  'problem.shared.enterName': 'Introduzca un nombre; una subcuenta se escribe «Principal\\Subcuenta».',
  'problem.shared.tooDeep': 'Una subcuenta no puede tener subcuentas propias.',
  'problem.shared.nameTooLong': 'El nombre puede tener como máximo {max} caracteres.',
  'problem.shared.renameKeepsLevel':
    'Al cambiar el nombre, la cuenta se queda donde está: una subcuenta sigue bajo su cuenta principal.',
  'problem.shared.renameKeepsParent': 'Una subcuenta conserva su cuenta principal al cambiar de nombre.',
  'problem.shared.ownParent': 'Una cuenta no puede ser su propia cuenta principal.',
  'problem.shared.hasChildren': '«{name}» tiene subcuentas, así que no puede convertirse en una.',
  'problem.shared.exists': 'Ya existe una cuenta compartida llamada «{name}».',
  'problem.printer.enterName': 'Introduzca un nombre.',
  'problem.printer.backslash': 'Un nombre no puede contener «\\».',
  'problem.printer.price': 'Un precio debe ser cero o más.',
  'problem.printer.discount': 'El descuento por dúplex es un porcentaje entero de 0 a 100.',
  'problem.printer.sizes': 'Como máximo {max} tamaños de papel.',
  'problem.printer.sizeTwice': 'El tamaño de papel «{size}» aparece dos veces.',
  'problem.printer.groups': 'Como máximo {max} grupos de impresoras.',
  'problem.printer.ambiguous':
    'Varios servidores tienen una impresora llamada «{name}»; indique también el servidor.',
  'problem.text.atMost': 'Como máximo {max} caracteres.',
  'problem.label.name': 'Nombre',
  'problem.label.pin': 'PIN',
  'problem.label.notes': 'Notas',
  'problem.label.comment': 'Comentario',
  'problem.label.displayName': 'Nombre visible',
  'problem.label.location': 'Ubicación',
  'problem.log.noUser': 'No hay ningún usuario llamado «{name}».',
  'problem.log.noPrinter': 'No hay ninguna impresora llamada «{name}».',
  'problem.log.noAccount':
    'No hay ninguna cuenta llamada «{name}»: indique el nombre de una cuenta compartida o un nombre de usuario.',
};
