/** Spanish for account.en.ts: every key with the same ICU arguments. */
import type { AccountMessageKey } from './account.en.js';

export const accountEs: Record<AccountMessageKey, string> = {
  'login.askAdministrator': '¿Ha olvidado su contraseña? Pida a su administrador que la restablezca.',
  'user.forgot.noMail':
    'Aquí no se pueden restablecer contraseñas por correo electrónico. Pida a su administrador que restablezca su contraseña.',
  'user.register.noMail.title': 'El registro no está disponible',
  'user.register.noMail.notice':
    'Ahora no se pueden registrar cuentas nuevas, porque {organization} no puede enviar correo electrónico. Pida a su administrador que le cree una cuenta.',
  'problem.expiryDate':
    'Escriba una fecha como 2026-12-31, o déjelo vacío (o escriba never) para una cuenta que no caduca nunca.',
  'login.expired': 'Esta cuenta caducó el {date}. Pida a su administrador que la prorrogue.',
};
