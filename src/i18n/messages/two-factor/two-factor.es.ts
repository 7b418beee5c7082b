/** Spanish for two-factor.en.ts: every key with the same ICU arguments. */
import type { TwoFactorMessageKey } from './two-factor.en.js';

export const twoFactorEs: Record<TwoFactorMessageKey, string> = {
  'secondFactor.title': 'Inicio de sesión en dos pasos',
  'secondFactor.intro':
    'Introduzca el código que muestra su aplicación de autenticación o uno de sus códigos de recuperación.',
  'secondFactor.code': 'Código',
  'secondFactor.submit': 'Iniciar sesión',
  'secondFactor.wrongCode': 'El código no es correcto o ya se ha utilizado.',
  'secondFactor.lostEverything':
    '¿Ha perdido el teléfono, la llave de seguridad y los códigos de recuperación? Pida a un administrador que restablezca su inicio de sesión en dos pasos.',
  'secondFactor.startOver': 'Iniciar sesión como otra persona',
  'secondFactor.expired': 'El inicio de sesión tardó demasiado. Vuelva a iniciar sesión.',
  'secondFactor.useKey': 'Usar una llave de seguridad',
  'secondFactor.useKeyIntro': 'O use una de sus llaves de seguridad o claves de acceso.',
  'secondFactor.keyOnlyIntro': 'Use una de sus llaves de seguridad o claves de acceso.',
  'secondFactor.keyOnlyNeedsScript':
    'Las llaves de seguridad necesitan JavaScript en este navegador: actívelo o use otro navegador.',
  'secondFactor.needsScript':
    'Las llaves de seguridad necesitan JavaScript en este navegador; el código funciona sin él.',
  'secondFactor.keyFailed':
    'La llave de seguridad no fue aceptada. Inténtelo de nuevo o introduzca un código.',
  'secondFactor.keyOnlyFailed':
    'La llave de seguridad no fue aceptada. Inténtelo de nuevo con una de sus llaves de seguridad o claves de acceso.',
  'secondFactor.lostKeys':
    '¿Ha perdido sus llaves de seguridad? Pida a un administrador que restablezca su inicio de sesión en dos pasos.',
  'secondFactor.alreadyOn':
    'La aplicación de autenticación ya está configurada. Desactívela primero para configurar otra.',
  'secondFactor.wrongFirstCode':
    'Ese no es el código que muestra ahora la aplicación. Introduzca el código de {digits} dígitos antes de que cambie.',
  'twoFactor.title': 'Inicio de sesión en dos pasos',
  'twoFactor.intro':
    'Después de la contraseña, Quire pide una segunda prueba de que es usted: un código de una aplicación de autenticación o una llave de seguridad.',
  'twoFactor.changeDetailsLink': 'Configurar el inicio de sesión en dos pasos',
  'twoFactor.on': 'Activado',
  'twoFactor.off': 'Desactivado',
  'twoFactor.required':
    'Los administradores deben usar aquí el inicio de sesión en dos pasos. Configure una aplicación de autenticación o una llave de seguridad para continuar a la consola de administración.',
  'twoFactor.app.title': 'Aplicación de autenticación',
  'twoFactor.app.status': 'Aplicación de autenticación: {status}',
  'twoFactor.app.start': 'Configurar una aplicación de autenticación',
  'twoFactor.app.remove': 'Desactivar la aplicación de autenticación',
  'twoFactor.app.step1': 'En su aplicación de autenticación, añada una cuenta y escriba esta clave:',
  'twoFactor.app.uri': 'O abra esta dirección en el dispositivo que tiene la aplicación:',
  'twoFactor.app.step2': 'Introduzca el código de 6 dígitos que muestra ahora la aplicación:',
  'twoFactor.app.confirm': 'Activar',
  'twoFactor.app.cancel': 'Cancelar',
  'twoFactor.recovery.left': 'Códigos de recuperación sin usar: {count}',
  'twoFactor.recovery.new': 'Nuevos códigos de recuperación',
  'twoFactor.recovery.title': 'Sus códigos de recuperación',
  'twoFactor.recovery.intro':
    'Guarde estos códigos en un lugar seguro, lejos de su teléfono. Cada uno le permite iniciar sesión una vez si pierde la aplicación. Solo se muestran ahora; los códigos anteriores ya no sirven.',
  'twoFactor.recovery.done': 'Los he guardado',
  'twoFactor.keys.title': 'Llaves de seguridad',
  'twoFactor.keys.none': 'Todavía no hay llaves de seguridad.',
  'twoFactor.keys.caption': 'Sus llaves de seguridad y claves de acceso',
  'twoFactor.keys.name': 'Nombre',
  'twoFactor.keys.addedOn': 'Añadida: {when}',
  'twoFactor.keys.lastUsedOn': 'Último uso: {when}',
  'twoFactor.keys.neverUsed': 'Nunca usada',
  'twoFactor.keys.actions': 'Acciones',
  'twoFactor.keys.remove': 'Quitar {name}',
  'twoFactor.keys.add': 'Añadir una llave de seguridad',
  'twoFactor.keys.newName': 'Nombre de la llave',
  'twoFactor.keys.newNameHint': 'Por ejemplo «YubiKey azul» o «Portátil del trabajo».',
  'twoFactor.keys.nameMissing': 'Introduzca un nombre para la llave.',
  'twoFactor.keys.nameTooLong': 'El nombre tiene como máximo 60 caracteres.',
  'twoFactor.keys.failed': 'La llave de seguridad no se añadió. Inténtelo de nuevo.',
  'twoFactor.done.app': 'La aplicación de autenticación está activada.',
  'twoFactor.done.appRemoved': 'La aplicación de autenticación está desactivada.',
  'twoFactor.done.keyAdded': 'La llave de seguridad se añadió.',
  'twoFactor.done.keyRemoved': 'La llave de seguridad se quitó.',
};
