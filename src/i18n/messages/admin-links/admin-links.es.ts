/** Spanish for admin-links.en.ts: every key with the same ICU arguments. */
import type { AdminLinksMessageKey } from './admin-links.en.js';

export const adminLinksEs: Record<AdminLinksMessageKey, string> = {
  'mail.adminReset.body':
    'Un administrador de {organization} le ha enviado este enlace para elegir una nueva contraseña para la cuenta «{username}». Funciona una vez, durante {minutes} minutos.',
  'mail.invite.subject': 'Su nueva cuenta de {organization}',
  'mail.invite.body':
    'Se ha creado para usted la cuenta «{username}» en {organization}. Elija su contraseña con el enlace de abajo para iniciar sesión. Funciona una vez, durante {days} días; después, use «¿Ha olvidado su contraseña?» en la página de inicio de sesión.',
  'mail.invite.link': 'Elegir su contraseña',
};
