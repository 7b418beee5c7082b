/**
 * The Admin Console's words: Groups (groups.pages.tsx, group.pages.tsx, groups.routes.tsx) — the
 * list, a group's members, quota, new-user settings and "Adjust balances of all members".
 */
export const groupsEn = {
  'admin.nav.groups': 'Groups',

  'admin.groups.title': 'Groups',
  'admin.groups.intro':
    'Every group Quire knows: the groups synchronized from directory sources and the internal groups added with the command line or the APIs.',
  'admin.groups.filter': 'Filter groups',
  'admin.groups.filter.name': 'Name contains',
  'admin.groups.filter.apply': 'Filter',
  'admin.groups.caption': 'Groups in name order',
  'admin.groups.empty': 'No groups match.',
  'admin.groups.column.name': 'Group',
  'admin.groups.column.source': 'Source',
  'admin.groups.column.members': 'Members',
  'admin.groups.column.quota': 'Quota',
  'admin.groups.column.initialCredit': 'Initial credit',
  'admin.groups.internal': 'Internal',
  'admin.groups.unknownSource': 'Source {id}',
  'admin.groups.quota.none': 'None',
  'admin.groups.quota.value':
    '{amount} {period, select, daily {a day} weekly {a week} monthly {a month} other {on schedule {cron}}}',
  'admin.groups.quota.capped': '{quota}, up to {cap}',
  'admin.groups.initial.off': 'Not for new users',
  'admin.groups.pages': 'Pages of groups',
  'admin.groups.first': 'First page',
  'admin.groups.next': 'Next',

  'admin.groups.back': 'Back to Groups',
  'admin.groups.group.title': 'Group {name}',
  'admin.groups.group.synced': 'Synchronized from {source}: its members change there.',
  'admin.groups.group.internalGroup':
    'An internal group: its members are added with the command line or the APIs.',
  'admin.groups.group.memberCount': '{count, plural, one {# member} other {# members}}.',

  'admin.groups.quota.title': 'Quota',
  'admin.groups.quota.intro':
    'An amount added to each member’s balance every period, in the organisation’s time zone, once across every server. The period a quota is set in counts as done: the first allocation is the next period’s.',
  'admin.groups.quota.amount': 'Amount per period',
  'admin.groups.quota.amountHint': 'Like 5 or 2.50.',
  'admin.groups.quota.period': 'Period',
  'admin.groups.period.none': 'No quota',
  'admin.groups.period.daily': 'Daily',
  'admin.groups.period.weekly': 'Weekly (on Mondays)',
  'admin.groups.period.monthly': 'Monthly (on the 1st)',
  'admin.groups.period.cron': 'Custom schedule (cron)',
  'admin.groups.quota.cron': 'Cron schedule',
  'admin.groups.quota.cronHint':
    'Only for a custom schedule: minute, hour, day, month, weekday, like 0 6 * * 1 (Mondays at 06:00).',
  'admin.groups.quota.cap': 'Accumulation cap',
  'admin.groups.quota.capHint':
    'A member at or above this balance gets nothing; one below it gets only what reaches it. Empty: no cap.',
  'admin.groups.quota.save': 'Save quota',

  'admin.groups.initial.title': 'New-user settings',
  'admin.groups.initial.intro':
    'Given once, when a member’s account is opened. A new user in several such groups gets the sum of their initial credits and is restricted only if every one of them restricts.',
  'admin.groups.initial.use': 'Use this group to define new user settings',
  'admin.groups.initial.credit': 'Initial credit',
  'admin.groups.initial.creditHint': 'Like 10 or 2.50.',
  'admin.groups.initial.restricted': 'Restricted (stop printing when the credit runs out)',
  'admin.groups.initial.overdraft': 'Overdraft',
  'admin.groups.initial.overdraftHint': 'How far below zero a restricted account may go, like 2.50.',
  'admin.groups.initial.save': 'Save new-user settings',

  'admin.groups.adjust.title': 'Adjust balances of all members',
  'admin.groups.adjust.intro':
    'Adds the amount to every member’s personal balance (a negative amount takes it), one adjustment row each, signed with your name.',
  'admin.groups.adjust.commentHint': 'Shown in each member’s transactions; at most 500 characters.',
  'admin.groups.adjust.submit': 'Adjust all balances',

  'admin.groups.members.title': 'Members',
  'admin.groups.members.caption': 'Members of {name}',
  'admin.groups.members.empty': 'This group has no members.',
  'admin.groups.members.username': 'Username',
  'admin.groups.members.fullName': 'Full name',
  'admin.groups.members.email': 'Email',
  'admin.groups.members.pages': 'Pages of members',
  'admin.groups.members.first': 'First page',
  'admin.groups.members.next': 'Next',

  'admin.groups.error.amount': 'Enter an amount like 5 or -1.25.',
  'admin.groups.error.notNegative': 'Enter zero or more, like 5 or 2.50.',
  'admin.groups.error.nonZero': 'Enter an amount other than zero.',
  'admin.groups.error.period': 'Choose a period from the list.',
  'admin.groups.error.cron': 'Enter a cron schedule such as 0 6 * * 1 (Mondays at 06:00).',
  'admin.groups.error.comment': 'Enter one line of text of at most 500 characters.',

  'admin.groups.done.quotaSaved': 'The quota of {name} was saved.',
  'admin.groups.done.initialSaved': 'The new-user settings of {name} were saved.',
  'admin.groups.done.adjusted':
    '{count, plural, =0 {No member balance of {name} changed.} one {The balance of # member of {name} was adjusted.} other {The balances of # members of {name} were adjusted.}}',
} as const;
