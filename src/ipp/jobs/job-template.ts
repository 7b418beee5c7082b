/**
 * A job's template attributes (RFC 8011 §5.2, PWG 5100.7) as Print-Job, Validate-Job and
 * Create-Job send them, read into the print options charging needs. Each attribute Quire reads is
 * one entry of a Map: a value it supports becomes an option; one it does not goes into the
 * unsupported group, and refuses the job when the client asked for ipp-attribute-fidelity.
 * Attributes the queue advertises that only the printer acts on (orientation, print quality,
 * resolution, finishings none) are accepted and change nothing that is charged.
 *
 *   const { options, unsupported } = readJobTemplate(request);
 */
import type { ColorMode, Sides } from '../../db/print.schema.js';
import { MAX_COPIES } from '../../jobs/job-details.js';
import { NUMBER_UP, type PrintOptions } from '../../print/page-count.js';
import { IppError } from '../encoding/ipp-error.js';
import type { IppAttribute, IppValue } from '../encoding/model.js';
import type { IppRequest } from '../ipp-request.js';
import { MEDIA } from '../printer-attributes.js';

type Options = Partial<{ -readonly [K in keyof PrintOptions]: PrintOptions[K] }>;

/** Reads one attribute's values into `options`; false when a value is not supported. */
type Reader = (values: readonly IppValue[], options: Options) => boolean;

const SIDES: ReadonlySet<string> = new Set<Sides>([
  'one-sided',
  'two-sided-long-edge',
  'two-sided-short-edge',
]);

/** print-color-mode keywords (PWG 5100.13) and what they are charged as. */
const COLOR_MODES: ReadonlyMap<string, ColorMode> = new Map<string, ColorMode>([
  ['auto', 'auto'],
  ['color', 'color'],
  ['monochrome', 'monochrome'],
  ['auto-monochrome', 'monochrome'],
  ['process-monochrome', 'monochrome'],
  ['bi-level', 'monochrome'],
  ['process-bi-level', 'monochrome'],
]);

const MEDIA_NAMES: ReadonlySet<string> = new Set(MEDIA.map(([media]) => media));

/** The single value of an attribute, when there is exactly one. */
function one(values: readonly IppValue[]): IppValue | undefined {
  return values.length === 1 ? values[0] : undefined;
}

const integerIn =
  (allowed: (value: number) => boolean, set: (options: Options, value: number) => void): Reader =>
  (values, options) => {
    const value = one(values);
    if (value?.tag !== 'integer' || !allowed(value.value)) return false;
    set(options, value.value);
    return true;
  };

const keywordIn =
  (allowed: ReadonlySet<string>, set: (options: Options, value: string) => void): Reader =>
  (values, options) => {
    const value = one(values);
    if ((value?.tag !== 'keyword' && value?.tag !== 'nameWithoutLanguage') || !allowed.has(value.value))
      return false;
    set(options, value.value);
    return true;
  };

/** An advertised value that changes nothing Quire counts: accepted when it is one of `allowed`. */
const acceptedEnum =
  (allowed: readonly number[]): Reader =>
  (values) => {
    const value = one(values);
    return value?.tag === 'enum' && allowed.includes(value.value);
  };

/** The media of a media-col: its media-size-name, or the size of one Quire knows. */
const readMediaCol: Reader = (values, options) => {
  const value = one(values);
  if (value?.tag !== 'collection') return false;
  const members = new Map(value.value.map((member) => [member.name, member.values]));
  const named = one(members.get('media-size-name') ?? []);
  if (named) {
    if ((named.tag !== 'keyword' && named.tag !== 'nameWithoutLanguage') || !MEDIA_NAMES.has(named.value))
      return false;
    options.media = named.value;
    return true;
  }
  const size = one(members.get('media-size') ?? []);
  if (size === undefined) return true; // media-type, media-source…: the printer's concern
  if (size.tag !== 'collection') return false;
  const dimensions = new Map(size.value.map((member) => [member.name, one(member.values)]));
  const x = dimensions.get('x-dimension');
  const y = dimensions.get('y-dimension');
  if (x?.tag !== 'integer' || y?.tag !== 'integer') return false;
  const media = MEDIA.find(([, width, height]) => width === x.value && height === y.value);
  if (!media) return false;
  options.media = media[0];
  return true;
};

const readPageRanges: Reader = (values, options) => {
  const ranges: [number, number][] = [];
  for (const value of values) {
    if (value.tag !== 'rangeOfInteger' || value.value.lower < 1 || value.value.upper < value.value.lower)
      return false;
    ranges.push([value.value.lower, value.value.upper]);
  }
  // RFC 8011 §5.2.7: ranges in ascending order, not overlapping.
  if (ranges.some(([first], index) => index > 0 && first <= ranges[index - 1]![1])) return false;
  if (ranges.length > 100) return false;
  options.pageRanges = ranges;
  return true;
};

/** Every job template attribute a queue takes. */
const READERS: ReadonlyMap<string, Reader> = new Map<string, Reader>([
  [
    'copies',
    integerIn(
      (n) => n >= 1 && n <= MAX_COPIES,
      (o, n) => (o.copies = n),
    ),
  ],
  ['sides', keywordIn(SIDES, (o, v) => (o.sides = v as Sides))],
  ['print-color-mode', keywordIn(new Set(COLOR_MODES.keys()), (o, v) => (o.colorMode = COLOR_MODES.get(v)))],
  ['media', keywordIn(MEDIA_NAMES, (o, v) => (o.media = v))],
  ['media-col', readMediaCol],
  [
    'number-up',
    integerIn(
      (n) => NUMBER_UP.has(n),
      (o, n) => (o.numberUp = n),
    ),
  ],
  ['page-ranges', readPageRanges],
  ['orientation-requested', acceptedEnum([3, 4, 5, 6])],
  ['print-quality', acceptedEnum([3, 4, 5])],
  ['finishings', acceptedEnum([3])],
  [
    'printer-resolution',
    (values) => {
      const value = one(values);
      return value?.tag === 'resolution' && value.value.units === 'dpi' && [300, 600].includes(value.value.x);
    },
  ],
  ['output-bin', keywordIn(new Set(['auto']), () => undefined)],
  ['job-hold-until', keywordIn(new Set(['no-hold']), () => undefined)],
  [
    'job-priority',
    integerIn(
      (n) => n >= 1 && n <= 100,
      () => undefined,
    ),
  ],
  ['job-sheets', keywordIn(new Set(['none']), () => undefined)],
  [
    'multiple-document-handling',
    keywordIn(new Set(['single-document', 'separate-documents-collated-copies']), () => undefined),
  ],
]);

export interface JobTemplate {
  options: Options;
  /** Attributes (or values) not supported: the answer's unsupported group. */
  unsupported: IppAttribute[];
}

/** Whether the client wants the job refused rather than printed without what is not supported. */
function wantsFidelity(request: IppRequest): boolean {
  const fidelity = request.operation.get('ipp-attribute-fidelity');
  return (
    one(fidelity?.values ?? [])?.tag === 'boolean' && (one(fidelity!.values) as { value: boolean }).value
  );
}

/** The job group's template attributes as options; refused (attributes-or-values) only under fidelity. */
export function readJobTemplate(request: IppRequest): JobTemplate {
  const options: Options = {};
  const unsupported: IppAttribute[] = [];
  const group = request.message.groups.find((candidate) => candidate.tag === 'job');
  for (const attribute of group?.attributes ?? []) {
    const read = READERS.get(attribute.name);
    if (!read || !read(attribute.values, options)) unsupported.push(attribute);
  }
  if (unsupported.length > 0 && wantsFidelity(request)) {
    const names = unsupported.map((attribute) => attribute.name).join(', ');
    throw new IppError(
      'client-error-attributes-or-values-not-supported',
      `This queue does not support ${names.slice(0, 200)}; ipp-attribute-fidelity asks for the job to be refused.`,
      request.header,
      unsupported,
    );
  }
  return { options, unsupported };
}
