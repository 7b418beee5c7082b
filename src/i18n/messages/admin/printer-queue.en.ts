/** The Admin Console's words for a printer's print queue (printer-queue.pages.tsx). */
export const printerQueueEn = {
  'admin.queue.title': 'Print queue',
  'admin.queue.findMeTitle': 'Find-Me queue',
  'admin.queue.urls': 'Clients print to this queue at:',
  'admin.queue.findMeIntro':
    'A virtual queue: its jobs are always held, and released to whichever member printer the user chooses, at that printer’s rates.',
  'admin.queue.destination': 'Destination',
  'admin.queue.destinationHint':
    'Where jobs are forwarded: an ipp:// or ipps:// address of a printer or a CUPS queue, such as ipp://printer.example.org/ipp/print, without a user name or password. Empty: jobs are charged and wait until one is set.',
  'admin.queue.hold': 'Hold jobs until released (secure print)',
  'admin.queue.holdHint':
    'Jobs wait, uncharged, until their user prints them from Jobs Pending Release or a release station.',
  'admin.queue.auth': 'How users are identified',
  'admin.queue.authBasic': 'Basic: a user name and password, checked like a sign-in',
  'admin.queue.authTrusted': 'Trusted: the user name a trusted print server sends',
  'admin.queue.authUnknown': 'Choose basic or trusted.',
  'admin.queue.members': 'Member printers',
  'admin.queue.membersHint': 'Comma-separated, as server\\name or the queue name, such as ps1\\library, lab.',
  'admin.queue.save': 'Save queue',
  'admin.queue.saveMembers': 'Save member printers',
} as const;
