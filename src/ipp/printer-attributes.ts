/**
 * A print queue's printer attributes (RFC 8011 §5.4, PWG 5100.12 and 5100.14 IPP Everywhere),
 * honest about what Quire does: the operations in its operation table, the document formats
 * Print-Job will count pages of, the job template attributes its charging reads (copies, sides,
 * print-color-mode, media, number-up, page-ranges) and no capability it lacks (no finishing, no
 * compression, no Job or Printer management yet). Each attribute is described (job-template or
 * printer-description) so requested-attributes can name a group.
 *
 *   const entries = printerAttributes(facts);
 *   selectAttributes(entries, new Set(['printer-description']));
 */
import { createHash } from 'node:crypto';
import type { PrinterRow } from '../db/accounting.schema.js';
import type { IppAttribute, IppValue } from './encoding/model.js';
import {
  attribute,
  boolean,
  charset,
  collection,
  dateTime,
  enumValue,
  integer,
  keyword,
  mimeMediaType,
  name,
  naturalLanguage,
  range,
  resolution,
  text,
  uri,
} from './encoding/values.js';

/**
 * The formats Print-Job accepts (and counts pages of): the IPP Everywhere set and PostScript, and
 * application/octet-stream, which Quire recognises by the document's first bytes. Anything else is
 * refused with client-error-document-format-not-supported.
 */
export const DOCUMENT_FORMATS = [
  'application/pdf',
  'image/pwg-raster',
  'image/urf',
  'image/jpeg',
  'application/postscript',
  'application/octet-stream',
] as const;

/** PWG 5101.1 self-describing media names and their sizes in hundredths of a millimetre. */
export const MEDIA: readonly [string, number, number][] = [
  ['iso_a4_210x297mm', 21000, 29700],
  ['na_letter_8.5x11in', 21590, 27940],
  ['iso_a3_297x420mm', 29700, 42000],
  ['na_legal_8.5x14in', 21590, 35560],
  ['iso_a5_148x210mm', 14800, 21000],
];

/** printer-info, printer-location, printer-make-and-model and printer-name are text(127)/name(127). */
const DESCRIPTION_LENGTH = 127;

export type AttributeKind = 'printer-description' | 'job-description' | 'job-template' | 'on-request';

export interface CatalogueEntry {
  readonly kind: AttributeKind;
  readonly attribute: IppAttribute;
}

/** What the attributes are made from: the printer, how the client reached it, the clock. */
export interface QueueFacts {
  readonly printer: PrinterRow;
  /** This queue's URI as the client reached it (ipp:// or ipps://). */
  readonly uri: string;
  readonly secure: boolean;
  /** A web page about the queue (printer-more-info). */
  readonly moreInfo: string;
  readonly organization: string;
  /** operations-supported: the codes of the operation table. */
  readonly operations: readonly number[];
  readonly now: Date;
}

function short(value: string): string {
  const characters = [...value];
  return characters.length <= DESCRIPTION_LENGTH ? value : characters.slice(0, DESCRIPTION_LENGTH).join('');
}

/**
 * printer-up-time and the jobs' time-at-* attributes: seconds since 1970, as CUPS counts them
 * (RFC 8011 §5.4.29 allows it), so that every server sharing the database tells the same time.
 */
export function upTime(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** A stable urn:uuid for the printer on every server sharing the database (RFC 4122 name-based form). */
function printerUuid(printer: PrinterRow): string {
  const hex = createHash('sha1').update(`quire-printer:${printer.id}:${printer.created_at}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function accepting(printer: PrinterRow, now: Date): boolean {
  return (
    printer.enabled === 1 && !(printer.disabled_until !== null && printer.disabled_until > now.toISOString())
  );
}

const mediaSize = (x: number, y: number) =>
  collection({ 'x-dimension': integer(x), 'y-dimension': integer(y) });

function describe(facts: QueueFacts): IppAttribute[] {
  const { printer, now } = facts;
  const open = accepting(printer, now);
  // A queue's state changes only with its settings (enabled, disabled until), so both times are its last change.
  const changed = new Date(printer.updated_at);
  const formats = DOCUMENT_FORMATS.map(mimeMediaType);
  return [
    attribute('charset-configured', charset('utf-8')),
    attribute('charset-supported', charset('utf-8')),
    attribute('color-supported', boolean(true)),
    attribute('compression-supported', keyword('none')),
    attribute('document-format-default', mimeMediaType('application/pdf')),
    attribute('document-format-supported', ...formats),
    attribute('generated-natural-language-supported', naturalLanguage('en')),
    attribute('ipp-features-supported', keyword('none')),
    attribute('ipp-versions-supported', keyword('1.1'), keyword('2.0')),
    attribute('multiple-document-jobs-supported', boolean(false)),
    attribute('natural-language-configured', naturalLanguage('en')),
    attribute('operations-supported', ...facts.operations.map(enumValue)),
    // Required by IPP Everywhere; nominal, since a queue takes jobs faster than any printer prints.
    attribute('pages-per-minute', integer(60)),
    attribute('pages-per-minute-color', integer(60)),
    attribute('pdl-override-supported', keyword('attempted')),
    attribute('printer-config-change-date-time', dateTime(changed)),
    attribute('printer-config-change-time', integer(upTime(changed))),
    attribute('printer-current-time', dateTime(now)),
    attribute('printer-device-id', text('MFG:Quire;MDL:Print Queue;CMD:PDF,PWGRaster,URF,JPEG,PostScript;')),
    attribute('printer-get-attributes-supported', keyword('document-format')),
    attribute('printer-info', text(short(printer.display_name || printer.name))),
    attribute('printer-is-accepting-jobs', boolean(open)),
    attribute('printer-location', text(short(printer.location))),
    attribute('printer-make-and-model', text('Quire print queue')),
    attribute('printer-more-info', uri(facts.moreInfo)),
    attribute('printer-name', name(short(printer.name))),
    attribute('printer-organization', text(short(facts.organization))),
    attribute('printer-organizational-unit', text('')),
    attribute('printer-state', enumValue(open ? 3 : 5)),
    attribute('printer-state-change-date-time', dateTime(changed)),
    attribute('printer-state-change-time', integer(upTime(changed))),
    attribute('printer-state-message', text(open ? '' : 'This printer is disabled.')),
    attribute('printer-state-reasons', keyword(open ? 'none' : 'paused')),
    attribute('printer-up-time', integer(upTime(now))),
    attribute('printer-uri-supported', uri(facts.uri)),
    attribute('printer-uuid', uri(printerUuid(printer))),
    attribute('pwg-raster-document-resolution-supported', resolution(300, 300), resolution(600, 600)),
    attribute('pwg-raster-document-sheet-back', keyword('normal')),
    attribute('pwg-raster-document-type-supported', keyword('sgray_8'), keyword('srgb_8')),
    attribute('queued-job-count', integer(0)),
    // Authentication of print queues (HTTP Basic, trusted print servers) is not built yet.
    attribute(
      'uri-authentication-supported',
      keyword(printer.auth_mode === 'trusted' ? 'requesting-user-name' : 'basic'),
    ),
    attribute('uri-security-supported', keyword(facts.secure ? 'tls' : 'none')),
    attribute(
      'urf-supported',
      ...['V1.4', 'CP1', 'DM1', 'PQ3-4-5', 'RS300-600', 'SRGB24', 'W8'].map(keyword),
    ),
  ];
}

/** The job template attributes (RFC 8011 §5.2) Print-Job will read and honour in its page count. */
function jobTemplate(): IppAttribute[] {
  const [a4] = MEDIA;
  return [
    attribute('copies-default', integer(1)),
    attribute('copies-supported', range(1, 999)),
    attribute('finishings-default', enumValue(3)),
    attribute('finishings-supported', enumValue(3)),
    attribute('media-col-default', collection({ 'media-size': mediaSize(a4![1], a4![2]) })),
    attribute('media-col-supported', keyword('media-size')),
    attribute('media-default', keyword(a4![0])),
    attribute('media-size-supported', ...MEDIA.map(([, x, y]) => mediaSize(x, y))),
    attribute('media-supported', ...MEDIA.map(([media]) => keyword(media))),
    attribute('number-up-default', integer(1)),
    attribute('number-up-supported', ...[1, 2, 4, 6, 9, 16].map(integer)),
    attribute('orientation-requested-default', enumValue(3)),
    attribute('orientation-requested-supported', ...[3, 4, 5, 6].map(enumValue)),
    attribute('output-bin-default', keyword('auto')),
    attribute('output-bin-supported', keyword('auto')),
    attribute('page-ranges-supported', boolean(true)),
    attribute('print-color-mode-default', keyword('auto')),
    attribute('print-color-mode-supported', ...['auto', 'monochrome', 'color'].map(keyword)),
    attribute('print-quality-default', enumValue(4)),
    attribute('print-quality-supported', ...[3, 4, 5].map(enumValue)),
    attribute('printer-resolution-default', resolution(600, 600)),
    attribute('printer-resolution-supported', resolution(300, 300), resolution(600, 600)),
    attribute('sides-default', keyword('one-sided')),
    attribute(
      'sides-supported',
      ...['one-sided', 'two-sided-long-edge', 'two-sided-short-edge'].map(keyword),
    ),
  ];
}

/** Returned only when requested by name (PWG 5100.7: not part of "all"). */
function onRequest(): IppAttribute[] {
  const sizes: IppValue[] = MEDIA.map(([, x, y]) => collection({ 'media-size': mediaSize(x, y) }));
  return [attribute('media-col-database', ...sizes)];
}

export function printerAttributes(facts: QueueFacts): CatalogueEntry[] {
  return [
    ...describe(facts).map((attribute) => ({ kind: 'printer-description' as const, attribute })),
    ...jobTemplate().map((attribute) => ({ kind: 'job-template' as const, attribute })),
    ...onRequest().map((attribute) => ({ kind: 'on-request' as const, attribute })),
  ];
}

/**
 * The attributes requested-attributes names (RFC 8011 §4.2.5.1): names, or the groups "all",
 * "printer-description" and "job-template"; every attribute but the on-request ones when none is
 * named. Unknown names are ignored, as RFC 8011 says.
 */
export function selectAttributes(
  entries: readonly CatalogueEntry[],
  requested?: ReadonlySet<string>,
): IppAttribute[] {
  const all = !requested || requested.has('all');
  return entries
    .filter(
      ({ kind, attribute: { name: attributeName } }) =>
        requested?.has(attributeName) || (kind !== 'on-request' && (all || requested.has(kind))),
    )
    .map(({ attribute }) => attribute)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
