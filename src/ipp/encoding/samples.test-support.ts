/**
 * Valid IPP messages for the codec's tests: a request with a value of every syntax (collections
 * nested, 1setOf, out-of-band, an unassigned tag) and a printer's response with several groups.
 */
import type { IppMessage } from './model.js';
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
  nameWithLanguage,
  naturalLanguage,
  octetString,
  outOfBand,
  range,
  resolution,
  text,
  textWithLanguage,
  uri,
  uriScheme,
} from './values.js';

const mediaSize = (x: number, y: number) =>
  collection({ 'x-dimension': integer(x), 'y-dimension': integer(y) });

export const EVERY_SYNTAX: IppMessage = {
  version: { major: 2, minor: 0 },
  code: 0x0002,
  requestId: 42,
  groups: [
    {
      tag: 'operation',
      attributes: [
        attribute('attributes-charset', charset('utf-8')),
        attribute('attributes-natural-language', naturalLanguage('en-us')),
        attribute('printer-uri', uri('ipp://localhost:9191/printers/library')),
        attribute('requesting-user-name', name('Zoë')),
        attribute('job-name', nameWithLanguage('fr', 'Rapport été')),
        attribute('document-format', mimeMediaType('text/plain; charset=utf-8')),
        attribute('job-message', textWithLanguage('de', 'Grüße')),
        attribute('document-password', octetString(Buffer.from([0, 1, 2, 0xff]))),
      ],
    },
    {
      tag: 'job',
      attributes: [
        attribute('copies', integer(2)),
        attribute('page-ranges', range(1, 4), range(7, 7)),
        attribute('printer-resolution', resolution(600, 1200, 'dpi')),
        attribute('print-quality', enumValue(5)),
        attribute('job-hold-until', keyword('indefinite')),
        attribute('date-time-at-creation', dateTime(new Date(Date.UTC(2024, 1, 29, 23, 59, 60 - 1, 900)))),
        attribute('ipp-attribute-fidelity', boolean(false)),
        attribute('reference-uri-scheme', uriScheme('https')),
        attribute('job-sheets', keyword('none'), outOfBand('no-value')),
        attribute(
          'media-col',
          collection({
            'media-size': mediaSize(21000, 29700),
            'media-type': keyword('stationery'),
            'media-source-properties': collection({
              'media-source-feed-direction': keyword('short-edge-first'),
            }),
          }),
        ),
        attribute('finishings-col', collection({}), collection({ finishings: [enumValue(4), enumValue(5)] })),
        attribute('job-account-id', text('')),
        attribute('vendor-extension', { tag: 'unassigned', code: 0x20, value: Buffer.from('raw') }),
      ],
    },
  ],
};

export const PRINTER_RESPONSE: IppMessage = {
  version: { major: 1, minor: 1 },
  code: 0x0001,
  requestId: 0x7fffffff,
  groups: [
    {
      tag: 'operation',
      attributes: [
        attribute('attributes-charset', charset('utf-8')),
        attribute('attributes-natural-language', naturalLanguage('en')),
        attribute('status-message', text('successful-ok-ignored-or-substituted-attributes')),
      ],
    },
    { tag: 'unsupported', attributes: [attribute('print-rendering-intent', outOfBand('unsupported'))] },
    {
      tag: 'printer',
      attributes: [
        attribute('printer-state', enumValue(3)),
        attribute('printer-state-reasons', keyword('none')),
        attribute('media-col-database', mediaSize(21590, 27940), mediaSize(21000, 29700)),
        attribute('printer-alert-description', outOfBand('unknown')),
        attribute('printer-settable-attributes-supported', outOfBand('not-settable')),
      ],
    },
    { tag: 'job', attributes: [attribute('job-id', integer(1))] },
    { tag: 'job', attributes: [attribute('job-id', integer(2))] },
    { tag: 'document', attributes: [] },
  ],
};

export const SAMPLES: readonly IppMessage[] = [EVERY_SYNTAX, PRINTER_RESPONSE];
