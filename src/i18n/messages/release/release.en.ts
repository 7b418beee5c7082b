/**
 * Jobs Pending Release (User Web Interface) and the release station (`/release`): their words and
 * the problems their forms show. Spread into `en.ts`; `release.de.ts` and `release.es.ts` say the
 * same in the shipped languages.
 */
export const releaseEn = {
  'user.nav.jobsPendingRelease': 'Jobs Pending Release',
  'release.title': 'Jobs Pending Release',
  'release.intro':
    'Jobs sent to a printer that holds them wait here until you print or cancel them. Nothing is charged until you print.',
  'release.caption': 'Your jobs waiting to be released, newest first',
  'release.document': 'Document',
  'release.queue': 'Queue',
  'release.pages': 'Pages',
  'release.copies': 'Copies',
  'release.colour': 'Colour',
  'release.inColour': 'Colour',
  'release.grayscale': 'Grayscale',
  'release.time': 'Time',
  'release.expires': 'Expires',
  'release.cost': 'Cost',
  'release.action': 'Action',
  'release.dependsOnPrinter': 'Depends on the printer',
  'release.print': 'Print',
  'release.cancel': 'Cancel',
  'release.printerFor': 'Printer for {document}',
  'release.notPrinted': 'Not printed: {reason}',
  'release.cannotPrintHere': 'No printer you may use',
  'release.empty': 'You have no jobs waiting to be released.',
  'release.done.released': 'The job was sent to the printer.',
  'release.done.cancelled': 'The job was cancelled. Nothing was charged.',
  'release.done.denied': 'The job was not printed and is still waiting: the reason is shown with it.',
  'release.done.gone': 'That job is no longer waiting to be released.',
  'release.choosePrinter': 'Choose the printer to print on.',
  'release.noPrinter': 'There is no printer you may print this job on here.',
  // The release station (web/release/).
  'release.station.title': 'Release Station',
  'release.station.printers': 'Printers at this station: {printers}',
  'release.station.allPrinters': 'This station releases jobs to every printer.',
  'release.station.signIn': 'Log in to print your jobs',
  'release.station.withCard': 'With your card',
  'release.station.card': 'Card/ID number',
  'release.station.pin': 'PIN',
  'release.station.cardSubmit': 'Log in with card',
  'release.station.withPassword': 'With your username and password',
  'release.station.signedInAs': 'Logged in as {username}',
  'release.station.logOut': 'Log out',
  'release.station.idle': 'You are logged out automatically after {seconds} seconds without activity.',
  'release.station.moreTime': 'More time',
  'release.station.timedOut': 'You were logged out after a time without activity.',
  'release.station.loggedOut': 'You are logged out. Thank you.',
  'release.station.notSetUp': 'This release station is not set up correctly',
  'release.station.unknown': 'No printer named "{name}": check the address of this release station.',
  'release.station.tooMany': 'A release station serves at most {max} printers.',
} as const;

export type ReleaseMessageKey = keyof typeof releaseEn;
