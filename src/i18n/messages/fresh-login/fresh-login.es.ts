/** Spanish for fresh-login.en.ts: every key with the same ICU arguments. */
import type { FreshLoginMessageKey } from './fresh-login.en.js';

export const freshLoginEs: Record<FreshLoginMessageKey, string> = {
  'freshLogin.title': 'Confirme que es usted',
  'freshLogin.intro':
    'Inició sesión hace más de {minutes} minutos. Vuelva a introducir su contraseña para continuar: {action}.',
  'freshLogin.password': 'Su contraseña',
  'freshLogin.cancel': 'Cancelar',
  'freshLogin.noPassword':
    'Inició sesión hace más de {minutes} minutos mediante inicio de sesión único, por lo que Quire no puede pedirle la contraseña. Cierre la sesión, vuelva a iniciarla y regrese aquí en menos de {minutes} minutos: {action}.',
};
