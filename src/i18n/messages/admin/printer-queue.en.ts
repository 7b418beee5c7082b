/** The Admin Console's words for a printer's print queue (printer-queue.pages.tsx). */
export const printerQueueEn = {
  'admin.queue.title': 'Print queue',
  'admin.queue.findMeTitle': 'Find-Me queue',
  'admin.queue.findMeNoPrices':
    'A Find-Me queue has no prices of its own: each job costs what the printer it is released to charges.',
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
  'admin.queue.authBasic': 'Basic: a user name and password, checked like a login',
  'admin.queue.authTrusted': 'Trusted: the user name a trusted print server sends',
  'admin.queue.authUnknown': 'Choose basic or trusted.',
  'admin.queue.members': 'Member printers',
  'admin.queue.membersHint': 'Comma-separated, as server\\name or the queue name, such as ps1\\library, lab.',
  'admin.queue.save': 'Save queue',
  'admin.queue.saveMembers': 'Save member printers',
  'admin.queue.held': 'Held jobs',
  'admin.queue.heldCaption': 'Jobs held on this queue until released, newest first',
  'admin.queue.heldEmpty': 'No job is waiting to be released on this queue.',
  'admin.queue.heldUser': 'User',
  'admin.queue.heldDocument': 'Document',
  'admin.queue.heldPages': 'Pages × copies',
  'admin.queue.heldTime': 'Time',
  'admin.queue.heldExpires': 'Expires',
  'admin.queue.heldCost': 'Cost',
  'admin.queue.heldAction': 'Action',
  'admin.queue.heldDependsOnPrinter': 'Depends on the printer',
  'admin.queue.heldNotPrinted': 'Not printed: {reason}',
  'admin.queue.heldPrinterFor': 'Printer for job {id}',
  'admin.queue.release': 'Release',
  'admin.queue.cancel': 'Cancel',
  'admin.done.jobReleased': 'The job was released to its printer and charged to its user.',
  'admin.done.jobCancelled': 'The job was cancelled; nothing was charged.',
  'admin.done.jobDenied':
    'The job was not released: its account would not pay. It is still held; the reason is shown with it.',
  'admin.done.jobGone': 'That job is no longer held on this queue.',
} as const;
