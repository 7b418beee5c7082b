/** Spanish messages: every key of en.ts with the same ICU arguments. */
import type { MessageKey } from './en.js';
import { accountingProblemsEs } from './problems/accounting.es.js';
import { releaseEs } from './release/release.es.js';
import { accountEs } from './account/account.es.js';
import { adminLinksEs } from './admin-links/admin-links.es.js';
import { twoFactorEs } from './two-factor/two-factor.es.js';
import { freshLoginEs } from './fresh-login/fresh-login.es.js';

export const es: Record<MessageKey, string> = {
  'layout.skipToContent': 'Saltar al contenido',
  'layout.signedInAs': 'Sesión iniciada como {username}',
  'layout.logOut': 'Cerrar sesión',
  'layout.area.user': 'Interfaz de usuario',
  'layout.area.admin': 'Consola de administración',
  'layout.area.setup': 'Configuración inicial',
  'layout.title': '{page} – {organization} {area}',

  'forms.errorSummary': 'Hay un problema',
  'forms.fieldError': '{label}: {message}',

  'login.title': 'Iniciar sesión',
  'login.adminTitle': 'Iniciar sesión en la consola de administración',
  'login.username': 'Nombre de usuario',
  'login.password': 'Contraseña',
  'login.submit': 'Iniciar sesión',
  'login.otherWays': 'Otras formas de iniciar sesión',
  'login.signInWith': 'Iniciar sesión con {provider}',
  'login.forgotPassword': '¿Ha olvidado su contraseña?',
  'login.newHere': '¿Es nuevo aquí? {register}',
  'login.register': 'Registrarse',
  'login.failed': 'El nombre de usuario o la contraseña no son correctos.',
  'login.throttled':
    'Demasiados intentos fallidos de inicio de sesión. Espere unos minutos y vuelva a intentarlo.',
  'login.directoryUnreachable':
    'Ahora no es posible iniciar sesión porque no se pudo contactar con el directorio de usuarios. Vuelva a intentarlo más tarde.',
  'login.directory.disabled':
    'Su cuenta está deshabilitada en el directorio de su organización. Póngase en contacto con su departamento de TI.',
  'login.directory.locked':
    'Su cuenta del directorio está bloqueada tras demasiados inicios de sesión fallidos. Espere a que se desbloquee o póngase en contacto con su departamento de TI.',
  'login.directory.passwordExpired':
    'Su contraseña del directorio ha caducado. Cámbiela (por ejemplo, iniciando sesión en un equipo Windows) y vuelva a iniciar sesión.',
  'login.directory.accountExpired':
    'Su cuenta del directorio ha caducado. Póngase en contacto con su departamento de TI.',
  'login.directory.mustChangePassword':
    'Su organización exige que cambie su contraseña antes de iniciar sesión. Cámbiela (por ejemplo, iniciando sesión en un equipo Windows) y vuelva a iniciar sesión.',

  'sso.title.incomplete': 'No se pudo completar el inicio de sesión',
  'sso.title.unverified': 'No se pudo verificar el inicio de sesión',
  'sso.title.refused': 'Inicio de sesión rechazado',
  'sso.title.notFound': 'Opción de inicio de sesión no encontrada',
  'sso.title.tooMany': 'Demasiados intentos de inicio de sesión',
  'sso.title.unavailable': 'Inicio de sesión no disponible',
  'sso.backToSignIn': 'Volver a la página de inicio de sesión',
  'sso.administrators': 'Administradores: {adminLogin}',
  'sso.noSuchOption':
    'Esta opción de inicio de sesión no existe. Inicie sesión con su nombre de usuario y contraseña.',
  'sso.notOffered':
    'El inicio de sesión con {provider} no se ofrece aquí. Inicie sesión con su nombre de usuario y contraseña.',
  'sso.notAdmin':
    '{username} no tiene acceso de administrador. Use la interfaz de usuario o pida a un administrador que le conceda derechos de administración.',
  'sso.expired': 'La solicitud de inicio de sesión caducó o ya se utilizó. Vuelva a empezar.',
  'sso.tooManyStarts': 'Demasiados intentos de inicio de sesión desde esta dirección; espere un minuto.',
  'sso.noSource':
    'Esta opción de inicio de sesión ya no está vinculada a ninguna fuente de directorio. Consulte a su administrador.',
  'sso.unavailable':
    'El inicio de sesión con {provider} no está disponible en este momento; inicie sesión con su nombre de usuario y contraseña o inténtelo más tarde.',
  'sso.providerError':
    '{provider} no ha iniciado su sesión ({detail}). Vuelva a empezar o inicie sesión con su nombre de usuario y contraseña.',
  'sso.codeRefused': '{provider} se negó a completar el inicio de sesión ({detail}). Vuelva a empezar.',
  'sso.invalidAnswer':
    'No se pudo verificar la respuesta del proveedor ({detail}). Vuelva a empezar; si sigue ocurriendo, avise a su administrador.',
  'sso.samlInvalidAnswer':
    'No se pudo verificar la respuesta de {provider}: {detail} Vuelva a empezar; si sigue ocurriendo, avise a su administrador.',
  'sso.missingClaim':
    'No se pudo usar la respuesta del proveedor: su token de ID no contiene el claim «{claim}». Avise a su administrador.',
  'sso.emailUnverified':
    '{provider} no ha verificado la dirección de correo {email}, por lo que no se puede usar para iniciar sesión. Verifíquela allí o consulte a su administrador.',
  'sso.notWorkspace':
    'No hay ninguna cuenta de Quire vinculada a {shown}: aquí solo pueden iniciar sesión las cuentas del Google Workspace de esta organización.',
  'sso.notLinked':
    'No hay ninguna cuenta de Quire vinculada a {shown}. Pida a su administrador que sincronice su cuenta.',
  'sso.cannotCreate':
    'No hay ninguna cuenta de Quire vinculada a {shown} y no se puede crear ninguna: {why} Consulte a su administrador.',
  'sso.why.noAllowedDomains': 'no se admite ningún dominio de correo para cuentas nuevas.',
  'sso.why.emailUnverified': '{provider} no ha verificado la dirección de correo.',
  'sso.why.otherDomain':
    '{hasEmail, select, yes {la dirección de correo} other {una dirección de correo}} debe pertenecer a {domains}.',
  'sso.why.workspace': 'la cuenta de Google debe pertenecer al Google Workspace de {domains}.',
  'sso.badUsername':
    'No se pudo crear una cuenta de Quire para {shown}: {problem} Consulte a su administrador.',
  'sso.usernameTaken':
    'No hay ninguna cuenta de Quire vinculada a {shown} y ya existe otra cuenta llamada {username}. Consulte a su administrador.',
  'sso.lookalike':
    'No se pudo crear una cuenta de Quire para {shown}: el nombre {username} se parece al del usuario existente {existing}. Consulte a su administrador.',
  'sso.disabled': 'Su cuenta de Quire {username} está deshabilitada. Consulte a su administrador.',

  'error.back.user': 'Ir a la interfaz de usuario',
  'error.back.admin': 'Ir a la consola de administración',
  'error.back.start': 'Ir a la página de inicio',
  'error.title.accessDenied': 'Acceso denegado',
  'error.title.notFound': 'Página no encontrada',
  'error.title.notPossible': 'No es posible',
  'error.title.other': 'Algo no está bien',
  'error.title.tooLarge': 'Demasiados datos',
  'error.title.badRequest': 'Solicitud no válida',
  'error.title.serverError': 'Algo ha salido mal',
  'error.message.notFound': 'No hay ninguna página en esta dirección.',
  'error.message.tooLarge':
    'El formulario envió más datos de los que acepta este servidor. Acórtelos y vuelva a intentarlo.',
  'error.message.badRequest': 'No se pudo entender la solicitud. Vuelva atrás e inténtelo de nuevo.',
  'error.message.serverError':
    'El servidor no pudo completar esta solicitud. No se ha cambiado nada. Vuelva a intentarlo; si el problema continúa, avise a su administrador.',
  'error.message.csrf':
    'Este formulario ha caducado o no procede de este sitio. Vuelva atrás, recargue la página e inténtelo de nuevo.',
  'error.message.forbidden': 'No tiene permiso para hacer eso.',
  'error.message.tooManyAttempts':
    'Demasiados intentos fallidos desde esta dirección. Vuelva a intentarlo dentro de {seconds, plural, one {# segundo} other {# segundos}}.',

  'user.nav.summary': 'Resumen',
  'user.nav.changeDetails': 'Cambiar datos',
  'user.nav.adminConsole': 'Consola de administración',
  'user.backToLogin': 'Volver a iniciar sesión',
  'user.logIn': 'Iniciar sesión',
  'user.backToChangeDetails': 'Volver a Cambiar datos',
  'user.none': '—',

  'user.summary.title': 'Resumen',
  'user.summary.account': 'Cuenta',
  'user.summary.username': 'Nombre de usuario',
  'user.summary.fullName': 'Nombre completo',
  'user.summary.email': 'Correo electrónico',
  'user.summary.department': 'Departamento',
  'user.summary.office': 'Oficina',
  'user.summary.cardNumber': 'Número de tarjeta/ID',
  'user.summary.cardOnFile': 'Registrado',
  'user.summary.accountType': 'Tipo de cuenta',
  'user.summary.internal': 'Usuario interno (contraseña gestionada en Quire)',
  'user.summary.synced': 'Sincronizado desde {source}',
  'user.summary.balanceTitle': 'Saldo',
  'user.summary.balance': 'Saldo',
  'user.summary.status': 'Estado',
  'user.summary.restricted': 'Restringida: no podrá imprimir si el saldo quedara por debajo de {limit}',
  'user.summary.unrestricted': 'Sin restricciones',
  'user.summary.thisMonth': 'Este mes',
  'user.summary.monthPages': 'Páginas impresas',
  'user.summary.monthJobs': 'Trabajos de impresión',
  'user.summary.chartTitle': 'Saldo de los últimos {days} días',
  'user.summary.chartSummary':
    'Saldo desde el {from}: {start} al principio, {end} ahora; mínimo {lowest}, máximo {highest}.',
  'user.summary.chartToday': 'Hoy: {balance}',

  // Transaction History and Recent Print Jobs.
  'user.nav.transactions': 'Historial de transacciones',
  'user.nav.jobs': 'Trabajos de impresión recientes',
  'user.transactions.title': 'Historial de transacciones',
  'user.transactions.caption': 'Sus transacciones, de la más reciente a la más antigua',
  'user.transactions.time': 'Fecha y hora',
  'user.transactions.type': 'Tipo',
  'user.transactions.amount': 'Importe',
  'user.transactions.balanceAfter': 'Saldo resultante',
  'user.transactions.comment': 'Comentario',
  'user.transactions.empty': 'Todavía no hay transacciones en su cuenta.',
  'user.transactions.older': 'Transacciones anteriores',
  'user.ledgerType.adjustment': 'Ajuste',
  'user.ledgerType.printCharge': 'Impresión',
  'user.ledgerType.refund': 'Reembolso',
  'user.ledgerType.quota': 'Cuota',
  'user.ledgerType.initialCredit': 'Crédito inicial',
  'user.ledgerType.transfer': 'Transferencia',
  'user.ledgerType.cardRedemption': 'Canje de tarjeta',
  'user.jobs.title': 'Trabajos de impresión recientes',
  'user.jobs.caption': 'Sus trabajos de impresión, del más reciente al más antiguo',
  'user.jobs.time': 'Fecha y hora',
  'user.jobs.printer': 'Impresora',
  'user.jobs.document': 'Documento',
  'user.jobs.pages': 'Páginas',
  'user.jobs.cost': 'Coste',
  'user.jobs.status': 'Estado',
  'user.jobs.empty': 'Todavía no ha impreso nada.',
  'user.jobs.older': 'Trabajos anteriores',
  'user.jobStatus.printed': 'Impreso',
  'user.jobStatus.denied': 'Rechazado: {reason}',
  'user.jobStatus.refunded': 'Reembolsado',
  'user.jobStatus.cancelled': 'Cancelado',

  // Rates and Shared Accounts.
  'user.nav.rates': 'Tarifas',
  'user.nav.sharedAccounts': 'Cuentas compartidas',
  'user.rates.title': 'Tarifas',
  'user.rates.caption': 'Precio por página en cada impresora',
  'user.rates.printer': 'Impresora',
  'user.rates.gray': 'Página en escala de grises',
  'user.rates.color': 'Página en color',
  'user.rates.duplex': 'Descuento por doble cara',
  'user.rates.percent': '{percent} %',
  'user.rates.empty': 'No hay ninguna impresora disponible.',
  'user.shared.title': 'Cuentas compartidas',
  'user.shared.caption': 'Cuentas compartidas a las que puede cargar',
  'user.shared.name': 'Cuenta',
  'user.shared.balance': 'Saldo',
  'user.shared.empty': 'No puede cargar a ninguna cuenta compartida.',

  'user.changeDetails.title': 'Cambiar datos',
  'user.changeDetails.mustChange': 'Debe cambiar su contraseña antes de continuar.',
  'user.changeDetails.done.password':
    'Se ha cambiado su contraseña. Se ha cerrado su sesión en todos los demás sitios.',
  'user.changeDetails.done.sessions': 'Se ha cerrado su sesión en todos los demás sitios.',
  'user.changeDetails.done.emailSent':
    'Hemos enviado un enlace a su nueva dirección de correo. Su dirección cambiará cuando lo abra.',
  'user.changeDetails.done.emailCancelled': 'Se ha cancelado el cambio de correo; su enlace ya no funciona.',
  'user.changeDetails.done.language': 'Se ha guardado su idioma.',
  'user.changePassword.title': 'Cambiar contraseña',
  'user.changePassword.directoryIntro':
    'Esto cambia su contraseña en {label} ({source}) para todos los sistemas que la utilizan.',
  'user.changePassword.currentPassword': 'Contraseña actual',
  'user.changePassword.newPassword': 'Nueva contraseña',
  'user.changePassword.confirmPassword': 'Confirme la nueva contraseña',
  'user.changePassword.directoryHint':
    'Se aplica la política de contraseñas de su directorio (longitud, complejidad, historial).',
  'user.changePassword.submit': 'Cambiar contraseña',
  'user.password.title': 'Su contraseña',
  'user.password.managedBy': 'Su contraseña la gestiona {label}.',
  'user.password.managedByIn': 'Su contraseña la gestiona {label} ({source}).',
  'user.password.notHere':
    'No se puede cambiar aquí. Cámbiela donde inicia sesión en los demás sistemas de su organización.',
  'user.email.title': 'Dirección de correo electrónico',
  'user.email.current':
    'Su dirección de correo es {email}. Los enlaces para restablecer la contraseña se envían allí.',
  'user.email.none':
    'No tiene dirección de correo, así que una contraseña olvidada no se puede restablecer por correo.',
  'user.email.pending':
    'Se ha enviado un enlace de confirmación a {email}. Su dirección cambiará cuando lo abra (en un plazo de 24 horas).',
  'user.email.cancel': 'Cancelar este cambio',
  'user.email.newEmail': 'Nueva dirección de correo',
  'user.email.newEmailHint':
    'Enviamos un enlace a esta dirección; cambiará cuando lo abra, y su dirección actual recibirá un aviso.',
  'user.email.currentPassword': 'Contraseña actual',
  'user.email.submit': 'Enviar enlace de confirmación',
  'user.sessions.title': 'Dónde ha iniciado sesión',
  'user.sessions.caption': 'Sus sesiones activas, la más reciente primero',
  'user.sessions.browser': 'Navegador',
  'user.sessions.address': 'Dirección',
  'user.sessions.signedIn': 'Inicio de sesión',
  'user.sessions.lastSeen': 'Última actividad',
  'user.sessions.thisSession': 'Esta sesión',
  'user.sessions.signOutOthers': 'Cerrar todas las demás sesiones ({count})',
  'user.sessions.noOthers': 'No tiene ninguna otra sesión iniciada.',
  'user.sessions.agent': '{browser} en {system}',
  'user.sessions.agentUnknown': 'Navegador desconocido',
  'user.language.title': 'Idioma',
  'user.language.label': 'Idioma de estas páginas y de los mensajes que recibe',
  'user.language.automatic': 'Automático (el idioma de su navegador)',
  'user.language.submit': 'Guardar idioma',

  'user.forgot.title': '¿Ha olvidado su contraseña?',
  'user.forgot.intro':
    'Si su cuenta se gestiona en {organization}, introduzca su nombre de usuario o su dirección de correo y le enviaremos un enlace para elegir una nueva contraseña.',
  'user.forgot.identifier': 'Nombre de usuario o correo electrónico',
  'user.forgot.submit': 'Enviar enlace de restablecimiento',
  'user.forgot.empty': 'Introduzca su nombre de usuario o su dirección de correo.',
  'user.resetRequested.title': 'Revise su correo',
  'user.resetRequested.notice':
    'Si coincide una cuenta interna, hemos enviado un enlace a su dirección de correo. El enlace funciona una sola vez, durante una hora.',
  'user.resetRequested.noMessage':
    '¿No ha recibido nada tras unos minutos? Revise la carpeta de correo no deseado. Las cuentas cuya contraseña gestiona el directorio de su organización y las cuentas sin dirección de correo no reciben ningún mensaje.',
  'user.reset.title': 'Elija una nueva contraseña',
  'user.reset.submit': 'Establecer nueva contraseña',
  'user.reset.signsOut': 'Al establecer una nueva contraseña se cierran todas sus sesiones.',
  'user.resetInvalid.title': 'Este enlace no se puede usar',
  'user.resetInvalid.notice':
    'Este enlace para restablecer la contraseña no es válido: ya se ha usado, lo ha sustituido uno más reciente, tiene más de una hora o no se copió completo.',
  'user.resetInvalid.askAgain': 'Solicitar un nuevo enlace',
  'user.resetDone.title': 'Se ha cambiado su contraseña',
  'user.resetDone.notice':
    'Su nueva contraseña está establecida. Se han cerrado todas sus sesiones; inicie sesión con la nueva contraseña.',

  'user.confirmEmail.title': 'Confirme su nueva dirección de correo',
  'user.confirmEmail.question': '¿Usar {email} como dirección de correo de la cuenta {username}?',
  'user.confirmEmail.submit': 'Confirmar dirección de correo',
  'user.emailConfirmed.title': 'Se ha cambiado su dirección de correo',
  'user.emailConfirmed.notice':
    'La nueva dirección está guardada. Se ha informado del cambio a su dirección anterior.',
  'user.emailLinkInvalid.title': 'Este enlace no se puede usar',
  'user.emailLinkInvalid.notice':
    'Este enlace de confirmación no es válido: ya se ha usado, lo ha sustituido una solicitud más reciente o una cancelación, tiene más de 24 horas o no se copió completo.',

  'register.title': 'Registrarse',
  'register.intro':
    'Cree una cuenta. Le enviaremos un enlace por correo; la cuenta funcionará en cuanto lo abra.',
  'register.username': 'Nombre de usuario',
  'register.usernameHint': 'Hasta 64 caracteres, sin «/», «\\» ni «@».',
  'register.fullName': 'Nombre completo',
  'register.email': 'Correo electrónico',
  'register.emailHint': 'El enlace de activación se envía aquí.',
  'register.emailHintDomain': 'El enlace de activación se envía aquí. Debe ser una dirección de {domain}.',
  'register.emailHintDomains':
    'El enlace de activación se envía aquí. Debe ser una dirección de uno de estos dominios: {domains}.',
  'register.password': 'Contraseña',
  'register.confirmPassword': 'Confirme la contraseña',
  'register.submit': 'Registrarse',
  'register.haveAccount': '¿Ya tiene una cuenta? {logIn}',
  'register.sent.title': 'Revise su correo',
  'register.sent.notice': 'Hemos enviado un enlace a la dirección de correo que indicó.',
  'register.sent.text':
    'Ábralo en un plazo de 24 horas para activar su cuenta; hasta entonces no podrá iniciar sesión. Si no le llega ningún mensaje, revise la carpeta de correo no deseado o vuelva a registrarse.',
  'register.notSent.title': 'Correo no enviado',
  'register.notSent.notice':
    'No hemos podido enviar el correo de activación, así que no se ha creado ninguna cuenta.',
  'register.notSent.text':
    'Vuelva a intentarlo más tarde. Si el problema continúa, avise a su administrador.',
  'register.activate.title': 'Active su cuenta',
  'register.activate.text': 'Su dirección de correo queda confirmada en cuanto active la cuenta.',
  'register.activate.submit': 'Activar mi cuenta',
  'register.verified.title': 'Cuenta activada',
  'register.verified.notice': 'Su cuenta {username} está lista.',
  'register.link.invalid.title': 'Este enlace no funciona',
  'register.link.invalid.text':
    'El enlace no es válido o ya se ha usado. Si ya activó su cuenta, inicie sesión; si no, vuelva a registrarse.',
  'register.link.expired.title': 'Este enlace ha caducado',
  'register.link.expired.text': 'Los enlaces de activación funcionan durante 24 horas. Vuelva a registrarse.',
  'register.link.taken.title': 'Este nombre de usuario ya no está libre',
  'register.link.taken.text':
    'Otra persona eligió este nombre de usuario antes de que se activara la cuenta. Vuelva a registrarse con otro nombre de usuario.',

  'policy.minLength': 'Al menos {min} caracteres; lo mejor es una frase de contraseña larga.',
  'policy.refuseCommonAndUsername': 'No se admiten las contraseñas muy comunes ni el nombre de usuario.',
  'policy.refuseCommon': 'No se admiten las contraseñas muy comunes.',
  'policy.refuseUsername': 'No se admite el nombre de usuario como contraseña.',
  'policy.history':
    '{count, plural, one {No se puede volver a usar la contraseña actual.} other {No se pueden volver a usar las últimas # contraseñas.}}',

  'problem.password.tooShort': 'Las contraseñas deben tener al menos {min} caracteres.',
  'problem.password.tooLong': 'Las contraseñas pueden tener como máximo {max} caracteres.',
  'problem.password.sameAsUsername': 'La contraseña no puede ser igual al nombre de usuario.',
  'problem.password.common': 'Esta contraseña es una de las más utilizadas. Elija otra.',
  'problem.password.usedRecently':
    'Esta contraseña se ha usado recientemente. Elija una que no esté entre las últimas {count}.',
  'problem.password.enterNew': 'Introduzca una nueva contraseña.',
  'problem.password.enterCurrent': 'Introduzca su contraseña actual.',
  'problem.password.mustDiffer': 'La nueva contraseña debe ser distinta de la actual.',
  'problem.password.newMismatch': 'Las dos contraseñas nuevas no coinciden.',
  'problem.password.mismatch': 'Las dos contraseñas no coinciden.',
  'problem.password.currentWrong': 'La contraseña actual no es correcta.',
  'problem.email.enterNew': 'Introduzca su nueva dirección de correo.',
  'problem.email.same': 'Esta ya es su dirección de correo.',
  'problem.email.invalid': 'Introduzca una dirección de correo como nombre@example.org.',
  'problem.register.enterFullName': 'Introduzca su nombre completo.',
  'problem.register.enterEmail':
    'Introduzca su dirección de correo: allí se envía el enlace que activa su cuenta.',
  'problem.register.emailDomain': 'Use una dirección de correo de {domain}.',
  'problem.register.emailDomains': 'Use una dirección de correo de uno de estos dominios: {domains}.',
  'problem.register.taken': 'El nombre de usuario «{username}» ya está en uso. Elija otro.',
  'problem.language.unknown': 'Elija uno de los idiomas ofrecidos.',
  'problem.username.empty': 'Introduzca un nombre de usuario.',
  'problem.username.tooLong': 'Los nombres de usuario pueden tener como máximo {max} caracteres.',
  'problem.username.forbidden': 'Los nombres de usuario no pueden contener «/», «\\» ni «@».',
  'problem.username.dots': 'Un nombre de usuario no puede ser «.» ni «..».',
  'problem.username.unprintable': 'Los nombres de usuario solo pueden contener caracteres imprimibles.',
  'problem.username.mixedScripts':
    'Los nombres de usuario no pueden mezclar letras de distintos alfabetos ({scripts}): un nombre así puede parecerse a otro.',
  'problem.username.invisible':
    'Los nombres de usuario no pueden contener caracteres invisibles (como un carácter de unión o un selector de variante).',
  'problem.username.lookalike':
    'Este nombre de usuario se parece al del usuario existente «{existing}» (letras o cifras que se parecen). Elija otro nombre.',
  'problem.text.tooLong': '«{label}» puede tener como máximo {max} caracteres.',
  'problem.text.control':
    '«{label}» solo puede contener caracteres imprimibles (ningún carácter de control como NUL).',
  'problem.text.controlOneLine':
    '«{label}» solo puede contener caracteres imprimibles en una sola línea (ningún carácter de control como NUL).',
  'problem.text.surrogate': '«{label}» contiene un carácter dañado (un sustituto UTF-16 sin pareja).',
  // The accounting services' form errors (problems/accounting.es.ts).
  ...accountingProblemsEs,
  ...releaseEs,
  ...accountEs,
  ...adminLinksEs,
  ...twoFactorEs,
  ...freshLoginEs,
  'detail.fullName': 'Nombre completo',
  'detail.email': 'Correo electrónico',
  'detail.department': 'Departamento',
  'detail.office': 'Oficina',
  'detail.notes': 'Notas',
  'detail.cardNumber': 'Número de tarjeta/ID principal',
  'detail.cardNumber2': 'Número de tarjeta/ID secundario',
  'detail.usernameAlias': 'Alias del nombre de usuario',
  'detail.homeFolder': 'Carpeta personal',
  'problem.directory.policy':
    'La nueva contraseña no cumple la política de contraseñas del directorio (longitud, complejidad o historial).',
  'problem.directory.notAllowed':
    'El directorio no le permite cambiar su propia contraseña. Consulte a su administrador.',
  'problem.directory.encryptionRequired':
    'El directorio solo acepta cambios de contraseña a través de una conexión cifrada (ldaps:// o StartTLS). Consulte a su administrador.',
  'problem.directory.refused': 'El directorio rechazó el cambio de contraseña (resultado LDAP {code}).',
  'problem.directory.disabled': 'Esta cuenta está deshabilitada en el directorio.',
  'problem.directory.locked':
    'Esta cuenta está bloqueada en el directorio. Vuelva a intentarlo más tarde o consulte a su administrador.',
  'problem.directory.passwordExpired':
    'Esta contraseña ha caducado. Cámbiela donde su organización cambia las contraseñas caducadas (por ejemplo, al iniciar sesión en Windows).',
  'problem.directory.accountExpired': 'Esta cuenta ha caducado en el directorio.',
  'problem.directory.mustChangePassword':
    'El directorio exige una nueva contraseña en el próximo inicio de sesión de Windows; cámbiela allí.',

  'mail.buttonFallback': 'Si el botón no funciona, copie esta dirección en su navegador: {url}',
  'mail.reset.subject': 'Restablezca su contraseña de {organization}',
  'mail.reset.body':
    'Alguien ha pedido restablecer la contraseña de la cuenta «{username}» de {organization}. Si fue usted, elija una nueva contraseña con el enlace de abajo. Funciona una sola vez, durante {minutes} minutos.',
  'mail.reset.ignore': 'Si no lo ha pedido usted, ignore este mensaje: su contraseña no cambia.',
  'mail.reset.link': 'Elegir una nueva contraseña',
  'mail.passwordChanged.subject': 'Se ha cambiado su contraseña de {organization}',
  'mail.passwordChanged.body':
    'La contraseña de la cuenta «{username}» de {organization} se ha cambiado con un enlace de restablecimiento enviado a esta dirección. Se han cerrado todas sus sesiones.',
  'mail.notYou': 'Si no ha sido usted, póngase en contacto con su administrador de inmediato. {help}',
  'mail.emailChange.subject': 'Confirme su nueva dirección de correo de {organization}',
  'mail.emailChange.body':
    'La cuenta «{username}» de {organization} ha pedido usar esta dirección a partir de ahora. Confírmelo con el enlace de abajo; funciona una sola vez, durante {hours} horas.',
  'mail.emailChange.ignore': 'Si no lo ha pedido usted, ignore este mensaje: no cambia nada.',
  'mail.emailChange.link': 'Confirmar esta dirección de correo',
  'mail.emailChanged.subject': 'Se ha cambiado su dirección de correo de {organization}',
  'mail.emailChanged.body':
    'La dirección de correo de la cuenta «{username}» de {organization} ha cambiado de esta dirección a {newEmail}. Los mensajes sobre la cuenta, como los enlaces para restablecer la contraseña, se envían ahora allí.',
  'mail.register.subject': 'Active su cuenta de {organization}',
  'mail.register.body':
    'Alguien, esperamos que usted, ha registrado el nombre de usuario «{username}» en {organization} con esta dirección de correo.',
  'mail.register.open':
    'Para activar la cuenta, abra el enlace de abajo en un plazo de 24 horas. Funciona una sola vez.',
  'mail.register.ignore':
    'Si no ha sido usted, ignore este mensaje: sin el enlace no se crea ninguna cuenta.',
  'mail.register.link': 'Activar mi cuenta',
  'mail.welcome.subject': 'Su cuenta de {organization}',
  'mail.welcome.body':
    'Se ha creado para usted una cuenta llamada «{username}». Su administrador le indicará la contraseña; podrá cambiarla en Cambiar datos después de iniciar sesión.',
  'mail.welcome.link': 'Iniciar sesión',
};
