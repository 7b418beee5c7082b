/**
 * Accounting rows as the REST API answers them (chosen fields, money as decimal strings), and
 * the one conversion of amounts sent as decimal strings into ten-thousandths.
 *
 *   const amount = amountOf('amount', request.body.amount); // 12500 for "1.25"; a 400 naming `amount` for "1,25"
 *   return presentJob(row);
 */
import { amountToDecimal, AmountError, parseAmount } from '../accounts/money.js';
import { sharedAccountParent } from '../accounts/shared-account.presenter.js';
import type { AccountRow, JobRow, LedgerRow } from '../db/accounting.schema.js';
import { ValidationError } from '../errors.js';
import type { GroupSettings as Settings } from '../accounts/group-settings.repository.js';
import type { PrinterDetails } from '../printers/printers.service.js';
import type { Account, SharedAccount, Transaction } from './accounting.schemas.js';
import type { GroupSettings, Job, Printer } from './printing.schemas.js';

/** Plain decimals only ("1.25", "-3", "0.0125"): JSON has no need for "1,25" or exponents. */
const DECIMAL = /^[+-]?\d{1,12}(\.\d{1,4})?$/;

/** A decimal string to ten-thousandths; a ValidationError naming `field` for anything else. */
export function amountOf(field: string, text: string): number {
  if (!DECIMAL.test(text)) {
    throw new ValidationError({
      [field]: /^[+-]?\d+\.\d{5,}$/.test(text)
        ? 'An amount has at most 4 decimals.'
        : `"${text.slice(0, 40)}" is not an amount; send a decimal string such as "1.25".`,
    });
  }
  try {
    return parseAmount(text);
  } catch (error) {
    if (error instanceof AmountError) throw new ValidationError({ [field]: error.message });
    throw error;
  }
}

/** amountOf for an optional field. */
export const optionalAmount = (field: string, text: string | undefined) =>
  text === undefined ? undefined : amountOf(field, text);

export const flag = (value: boolean | undefined): 0 | 1 | undefined =>
  value === undefined ? undefined : value ? 1 : 0;

/**
 * Runs `work`, renaming the fields of a ValidationError from a service's column names to the
 * request's (`quota_cron` → `quota.cron`), so a 400 names what the caller sent.
 */
export async function withFieldNames<T>(
  names: ReadonlyMap<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      Object.fromEntries(
        Object.entries(error.fields).map(([field, message]) => [names.get(field) ?? field, message]),
      ),
    );
  }
}

/** The fields of `value` that are set: a PUT or PATCH changes only those. */
export function given<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

export function presentAccount(
  username: string,
  account: AccountRow,
  selection: { mode: string; sharedAccount: string | null },
): Account {
  return {
    username,
    balance: amountToDecimal(account.balance),
    restricted: account.restricted === 1,
    overdraft: amountToDecimal(account.overdraft),
    enabled: account.enabled === 1,
    disabledUntil: account.disabled_until,
    selection,
    jobCount: Number(account.job_count),
    pageCount: Number(account.page_count),
  };
}

export function presentShared(account: AccountRow): SharedAccount {
  const name = account.name ?? '';
  return {
    name,
    parent: sharedAccountParent(name),
    balance: amountToDecimal(account.balance),
    restricted: account.restricted === 1,
    overdraft: amountToDecimal(account.overdraft),
    enabled: account.enabled === 1,
    disabledUntil: account.disabled_until,
    hasPin: account.pin !== '',
    notes: account.notes,
    jobCount: Number(account.job_count),
    pageCount: Number(account.page_count),
  };
}

export function presentTransaction(row: LedgerRow): Transaction {
  return {
    id: row.id,
    at: row.created_at,
    type: row.type,
    amount: amountToDecimal(row.amount),
    balanceAfter: amountToDecimal(row.balance_after),
    comment: row.comment,
    actor: row.actor,
    jobId: row.job_id,
  };
}

export function presentPrinter(printer: PrinterDetails): Printer {
  return {
    id: printer.id,
    server: printer.server_name,
    name: printer.name,
    fullName: `${printer.server_name}\\${printer.name}`,
    displayName: printer.display_name,
    location: printer.location,
    notes: printer.notes,
    enabled: printer.enabled === 1,
    disabledUntil: printer.disabled_until,
    costPerPage: amountToDecimal(printer.cost_gray),
    colourCostPerPage: amountToDecimal(printer.cost_color),
    duplexDiscount: Number(printer.duplex_discount),
    sizeCosts: printer.sizeCosts.map((cost) => ({
      size: cost.size,
      costPerPage: amountToDecimal(cost.cost_gray),
      colourCostPerPage: amountToDecimal(cost.cost_color),
    })),
    accessGroups: printer.accessGroups,
    jobCount: Number(printer.job_count),
    pageCount: Number(printer.page_count),
  };
}

export function presentJob(job: JobRow): Job {
  return {
    id: job.id,
    at: job.created_at,
    username: job.username,
    printer: job.printer_name,
    account: job.account_name,
    documentName: job.document_name,
    pages: job.pages,
    copies: job.copies,
    totalPages: job.total_pages,
    colourPages: job.color_pages,
    duplex: job.duplex === 1,
    paperSize: job.paper_size,
    cost: amountToDecimal(job.cost),
    refunded: amountToDecimal(job.refunded),
    status: job.status,
    reason: job.reason,
    clientMachine: job.client_machine,
    origin: job.origin,
  };
}

export function presentGroupSettings(group: string, settings: Settings): GroupSettings {
  return {
    group,
    newUserSettings: settings.new_user_settings === 1,
    initialCredit: amountToDecimal(settings.initial_credit),
    initialRestricted: settings.initial_restricted === 1,
    initialOverdraft: amountToDecimal(settings.initial_overdraft),
    quota: {
      amount: amountToDecimal(settings.quota_amount),
      period: settings.quota_period,
      cron: settings.quota_cron,
      cap: settings.quota_cap === null ? null : amountToDecimal(settings.quota_cap),
    },
  };
}
