/** The Admin Console's words for print queues: the Printing options (system.pages.tsx). */
export const printQueuesEn = {
  'admin.options.printing': 'Printing',
  'admin.options.printingIntro':
    'How Quire’s print queues treat jobs held until released, and which print servers may say who is printing.',
  'admin.options.heldJobExpiryMinutes': 'Delete held jobs after (minutes)',
  'admin.options.heldJobExpiryMinutesHint':
    'A job held until released that nobody releases within this time is deleted, and nothing is charged. From 1 to 10,080 (a week); default 30.',
  'admin.options.printServerAddresses': 'Trusted print servers',
  'admin.options.printServerAddressesHint':
    'Addresses or CIDR ranges of print servers in front of Quire (CUPS or Windows), comma-separated, such as 192.168.0.10 or 10.1.0.0/24. Queues that identify users by a trusted print server believe the user name these servers send; a job from anywhere else is refused. Empty: none.',
} as const;
