import { frameEn } from './admin/frame.en.js';
import { noticesEn } from './admin/notices.en.js';
import { optionsEn } from './admin/options.en.js';
import { emailEn } from './admin/email.en.js';
import { syncOptionsEn } from './admin/sync-options.en.js';
import { operationsEn } from './admin/operations.en.js';
import { batchImportEn } from './admin/batch-import.en.js';
import { batchPreviewEn } from './admin/batch-preview.en.js';
import { webServicesEn } from './admin/web-services.en.js';
import { apiTokensEn } from './admin/api-tokens.en.js';
import { sourcesEn } from './admin/sources.en.js';
import { sourceFormEn } from './admin/source-form.en.js';
import { usersEn } from './admin/users.en.js';
import { dataTableEn } from './admin/data-table.en.js';
import { identityProvidersEn } from './admin/identity-providers.en.js';
import { signInKindsEn } from './admin/sign-in-kinds.en.js';
import { auditLogEn } from './admin/audit-log.en.js';
import { ownAccountEn } from './admin/own-account.en.js';
import { syncRunEn } from './admin/sync-run.en.js';
import { ldapSourceEn } from './admin/ldap-source.en.js';
import { entraSourceEn } from './admin/entra-source.en.js';
import { googleSourceEn } from './admin/google-source.en.js';
import { customSourceEn } from './admin/custom-source.en.js';
import { accountingEn } from './admin/accounting.en.js';
import { printersEn } from './admin/printers.en.js';
import { groupsEn } from './admin/groups.en.js';
import { transactionLogEn } from './admin/transaction-log.en.js';
import { dashboardEn } from './admin/dashboard.en.js';
import { sharedAccountsEn } from './admin/shared-accounts.en.js';
import { groupAdminAccessEn } from './admin/group-admin-access.en.js';
import { accountDisableEn } from './admin/account-disable.en.js';
import { printQueuesEn } from './admin/print-queues.en.js';
import { printerStatusEn } from './admin/printer-status.en.js';
import { printerQueueEn } from './admin/printer-queue.en.js';
import { usersBulkEn } from './admin/users-bulk.en.js';
import { mailExpiryEn } from './admin/mail-expiry.en.js';
import { syncScheduleEn } from './admin/sync-schedule.en.js';
import { twoFactorAdminEn } from './admin/two-factor.en.js';
import { userLastLogInEn } from './admin/user-last-log-in.en.js';
import { operationsTablesEn } from './admin/operations-tables.en.js';
import { sourcesTablesEn } from './admin/sources-tables.en.js';
import { batchTablesEn } from './admin/batch-tables.en.js';
import { userMailEn } from './admin/user-mail.en.js';

/**
 * The Admin Console's messages, in English only: the console always renders in English, so these
 * keys live apart from `en.ts` and the shipped languages (`de.ts`, `es.ts`) do not carry them.
 * Keys start with `admin.`; values are ICU MessageFormat like every other catalog. Each area of
 * the console keeps its words in its own file under `admin/`; a new page adds a file and a line here.
 */
export const adminEn = {
  ...frameEn,
  ...noticesEn,
  ...optionsEn,
  ...emailEn,
  ...syncOptionsEn,
  ...operationsEn,
  ...batchImportEn,
  ...batchPreviewEn,
  ...webServicesEn,
  ...apiTokensEn,
  ...sourcesEn,
  ...sourceFormEn,
  ...usersEn,
  ...dataTableEn,
  ...identityProvidersEn,
  ...signInKindsEn,
  ...syncRunEn,
  ...ldapSourceEn,
  ...entraSourceEn,
  ...googleSourceEn,
  ...customSourceEn,
  ...accountingEn,
  ...printersEn,
  ...groupsEn,
  ...transactionLogEn,
  ...dashboardEn,
  ...sharedAccountsEn,
  ...groupAdminAccessEn,
  ...accountDisableEn,
  ...printQueuesEn,
  ...printerStatusEn,
  ...printerQueueEn,
  ...usersBulkEn,
  ...userMailEn,
  ...auditLogEn,
  ...ownAccountEn,
  ...mailExpiryEn,
  ...syncScheduleEn,
  ...twoFactorAdminEn,
  ...userLastLogInEn,
  ...operationsTablesEn,
  ...sourcesTablesEn,
  ...batchTablesEn,
} as const;

/** Every area's catalog, so a test can prove no key is defined by two areas (a spread would hide it). */
export const adminAreas: readonly Readonly<Record<string, string>>[] = [
  frameEn,
  noticesEn,
  optionsEn,
  emailEn,
  syncOptionsEn,
  operationsEn,
  batchImportEn,
  batchPreviewEn,
  webServicesEn,
  apiTokensEn,
  sourcesEn,
  sourceFormEn,
  usersEn,
  dataTableEn,
  identityProvidersEn,
  signInKindsEn,
  syncRunEn,
  ldapSourceEn,
  entraSourceEn,
  googleSourceEn,
  customSourceEn,
  accountingEn,
  printersEn,
  groupsEn,
  transactionLogEn,
  dashboardEn,
  sharedAccountsEn,
  groupAdminAccessEn,
  accountDisableEn,
  printQueuesEn,
  printerStatusEn,
  printerQueueEn,
  usersBulkEn,
  userMailEn,
  auditLogEn,
  ownAccountEn,
  mailExpiryEn,
  syncScheduleEn,
  twoFactorAdminEn,
  userLastLogInEn,
  operationsTablesEn,
  sourcesTablesEn,
  batchTablesEn,
];

export type AdminMessageKey = keyof typeof adminEn;
