/**
 * The REST API's schemas for printers (their cost model and access groups), the job log and
 * groups' credit settings. Money is a decimal string, as in accounting.schemas.ts.
 *
 *   server.post('/jobs', { schema: { body: NewJobBody, response: { 201: RecordedJob } } }, …);
 */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_COMMENT } from '../accounts/ledger-text.js';
import { MAX_COPIES, MAX_PAGES } from '../jobs/job-details.js';
import { Amount, AmountText, Nullable } from './accounting.schemas.js';
import { Page, paging } from './schemas.js';

// ---------------------------------------------------------------------------------------------
// Printers

const PRINTER_PARAM = Type.String({
  minLength: 1,
  maxLength: 401,
  description: '"server\\queue" (URL-encoded: `server%5Cqueue`), or a queue name only one server has.',
});

export const PrinterParams = Type.Object({ printer: PRINTER_PARAM });
export type PrinterParams = Static<typeof PrinterParams>;
export const PrinterGroupParams = Type.Object({
  printer: PRINTER_PARAM,
  group: Type.String({ minLength: 1, maxLength: 300 }),
});
export type PrinterGroupParams = Static<typeof PrinterGroupParams>;

export const SizeCost = Type.Object(
  {
    size: Type.String({ maxLength: 200, description: 'A paper size: `A4`, `Letter`, `A3`…' }),
    costPerPage: AmountText('The grayscale price of one page of this size.'),
    colourCostPerPage: AmountText('The colour price of one page of this size.'),
  },
  { additionalProperties: false, title: 'SizeCost' },
);
export type SizeCost = Static<typeof SizeCost>;

const SizeCostView = Type.Object({
  size: Type.String(),
  costPerPage: Amount('Grayscale, per page.'),
  colourCostPerPage: Amount('Colour, per page.'),
});

export const Printer = Type.Object(
  {
    id: Type.Integer(),
    server: Type.String(),
    name: Type.String(),
    fullName: Type.String({ description: '"server\\queue".' }),
    displayName: Type.String(),
    location: Type.String(),
    notes: Type.String(),
    enabled: Type.Boolean(),
    disabledUntil: Nullable(Type.String()),
    costPerPage: Amount('Grayscale price of one page (one side of a sheet).'),
    colourCostPerPage: Amount('Colour price of one page.'),
    duplexDiscount: Type.Integer({ description: 'Percent off each page printed on both sides.' }),
    sizeCosts: Type.Array(SizeCostView, {
      description: 'Prices for listed paper sizes; other sizes cost the base prices.',
    }),
    accessGroups: Type.Array(Type.String(), {
      description: 'Only members of these groups may print; empty: everyone.',
    }),
    jobCount: Type.Integer(),
    pageCount: Type.Integer(),
  },
  { title: 'Printer' },
);
export type Printer = Static<typeof Printer>;
export const PrinterList = Type.Object({ items: Type.Array(Printer) }, { title: 'PrinterList' });
export type PrinterList = Static<typeof PrinterList>;

const printerSettings = {
  displayName: Type.Optional(Type.String({ maxLength: 1000 })),
  location: Type.Optional(Type.String({ maxLength: 1000 })),
  notes: Type.Optional(Type.String({ maxLength: 1000 })),
  enabled: Type.Optional(Type.Boolean()),
  costPerPage: Type.Optional(AmountText('Grayscale price of one page; zero or more.')),
  colourCostPerPage: Type.Optional(AmountText('Colour price of one page; zero or more.')),
  duplexDiscount: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 100, description: 'Percent off each page printed on both sides.' }),
  ),
  sizeCosts: Type.Optional(
    Type.Array(SizeCost, { maxItems: 50, description: 'Replaces every paper-size price when given.' }),
  ),
};

export const NewPrinterBody = Type.Object(
  {
    server: Type.Optional(
      Type.String({ maxLength: 200, description: 'The print server; default: this server’s host name.' }),
    ),
    name: Type.String({ maxLength: 200, description: 'The queue name.' }),
    ...printerSettings,
  },
  {
    additionalProperties: false,
    title: 'NewPrinter',
    description: 'Without `colourCostPerPage`, colour pages cost `costPerPage`.',
  },
);
export type NewPrinterBody = Static<typeof NewPrinterBody>;

export const PrinterPatchBody = Type.Object(
  {
    server: Type.Optional(Type.String({ maxLength: 200, description: 'Move to this server name.' })),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'A new queue name.' })),
    ...printerSettings,
  },
  {
    additionalProperties: false,
    title: 'PrinterChange',
    description: 'Only the fields given change, all in one transaction after every field is checked.',
  },
);
export type PrinterPatchBody = Static<typeof PrinterPatchBody>;

// ---------------------------------------------------------------------------------------------
// Jobs

export const Job = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    username: Type.String(),
    printer: Type.String({ description: '"server\\queue", kept after the printer is deleted.' }),
    account: Type.String({ description: 'The username (personal account) or the shared account charged.' }),
    documentName: Type.String(),
    pages: Type.Integer({ description: 'Pages of one copy.' }),
    copies: Type.Integer(),
    totalPages: Type.Integer(),
    colourPages: Type.Integer({ description: 'Pages of one copy printed in colour.' }),
    duplex: Type.Boolean(),
    paperSize: Type.String(),
    cost: Amount('What the job cost.'),
    refunded: Amount('How much of the cost was given back.'),
    status: Type.String({ description: '`printed`, `denied`, `refunded` or `cancelled`.' }),
    reason: Type.String({ description: 'Why it was denied, refunded or cancelled.' }),
    clientMachine: Type.String(),
    origin: Type.String({ description: '`api` (processJob), `cli`, `rest` or `ipp`.' }),
  },
  { title: 'Job' },
);
export type Job = Static<typeof Job>;
export const JobPage = Page(Job, 'JobPage');
export type JobPage = Static<typeof JobPage>;

export const RecordedJob = Type.Object(
  {
    job: Job,
    balance: Nullable(Amount('The charged account’s balance afterwards; null for a denied job.')),
  },
  { title: 'RecordedJob' },
);
export type RecordedJob = Static<typeof RecordedJob>;

export const JobListQuery = Type.Object(
  {
    ...paging,
    user: Type.Optional(Type.String({ maxLength: 200 })),
    printer: Type.Optional(Type.String({ maxLength: 401, description: '"server\\queue" or a queue name.' })),
    account: Type.Optional(Type.String({ maxLength: 300, description: 'A shared account’s full name.' })),
    status: Type.Optional(
      Type.String({ maxLength: 20, description: '`printed`, `denied`, `refunded`, `cancelled`.' }),
    ),
    from: Type.Optional(
      Type.String({ maxLength: 40, description: 'ISO 8601 date or time: jobs at or after it.' }),
    ),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or time: jobs before it.' })),
  },
  { additionalProperties: false },
);
export type JobListQuery = Static<typeof JobListQuery>;

export const NewJobBody = Type.Object(
  {
    username: Type.String({ maxLength: 200 }),
    printer: Type.String({
      maxLength: 401,
      description: '"server\\queue", or a queue name only one server has.',
    }),
    pages: Type.Integer({ minimum: 1, maximum: MAX_PAGES, description: 'Pages of one copy.' }),
    copies: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_COPIES, default: 1 })),
    colourPages: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_PAGES,
        default: 0,
        description: 'Pages of one copy in colour.',
      }),
    ),
    duplex: Type.Optional(Type.Boolean({ default: false })),
    paperSize: Type.Optional(
      Type.String({
        maxLength: 100,
        default: '',
        description: 'e.g. `A4`; default: the printer’s base prices.',
      }),
    ),
    documentName: Type.Optional(Type.String({ maxLength: 1000, default: '' })),
    clientMachine: Type.Optional(Type.String({ maxLength: 200, default: '' })),
    sharedAccount: Type.Optional(
      Type.String({ maxLength: 300, description: 'Charge this shared account (the user must have access).' }),
    ),
  },
  { additionalProperties: false, title: 'NewJob' },
);
export type NewJobBody = Static<typeof NewJobBody>;

export const RefundBody = Type.Object(
  {
    amount: Type.Optional(AmountText('How much to give back; default: all of the cost not yet refunded.')),
    comment: Type.String({ maxLength: MAX_COMMENT, description: 'Why; stored with the refund row.' }),
  },
  { additionalProperties: false, title: 'Refund' },
);
export type RefundBody = Static<typeof RefundBody>;

// ---------------------------------------------------------------------------------------------
// Groups' credit settings

const QUOTA_PERIOD = '`none`, `daily`, `weekly`, `monthly` or `cron`.';

export const GroupSettings = Type.Object(
  {
    group: Type.String(),
    newUserSettings: Type.Boolean({ description: 'Whether new members’ accounts get the initial settings.' }),
    initialCredit: Amount('Credit a new user gets.'),
    initialRestricted: Type.Boolean(),
    initialOverdraft: Amount('A new user’s overdraft.'),
    quota: Type.Object({
      amount: Amount('Added to each member every period.'),
      period: Type.String({ description: QUOTA_PERIOD }),
      cron: Type.String({ description: 'The schedule of a `cron` period.' }),
      cap: Nullable(Amount('No quota is added beyond this balance; null: no cap.')),
    }),
  },
  { title: 'GroupSettings' },
);
export type GroupSettings = Static<typeof GroupSettings>;

export const GroupSettingsBody = Type.Object(
  {
    newUserSettings: Type.Optional(Type.Boolean()),
    initialCredit: Type.Optional(AmountText('Zero or more.')),
    initialRestricted: Type.Optional(Type.Boolean()),
    initialOverdraft: Type.Optional(AmountText('Zero or more.')),
    quota: Type.Optional(
      Type.Object(
        {
          amount: Type.Optional(AmountText('Zero or more.')),
          period: Type.Optional(Type.String({ maxLength: 20, description: QUOTA_PERIOD })),
          cron: Type.Optional(Type.String({ maxLength: 200, description: 'e.g. `0 6 * * 1`.' })),
          cap: Type.Optional(Nullable(AmountText('Zero or more; null: no cap.'))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    title: 'GroupSettingsChange',
    description:
      'Only the fields given change, all checked first. Setting a quota counts the current period as done.',
  },
);
export type GroupSettingsBody = Static<typeof GroupSettingsBody>;
