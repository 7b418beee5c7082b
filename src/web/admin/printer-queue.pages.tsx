/**
 * Admin Console → Printers → a printer → Print queue: the addresses clients print to (as
 * `quire printer list` shows them) and the queue settings `quire printer set` changes —
 * destination, hold until released, how users are identified — or, for a Find-Me queue, its
 * member printers.
 */
import type { PrinterRow } from '../../db/accounting.schema.js';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  SelectField,
  type FieldErrors,
} from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import type { AdminFrame } from './admin.pages.js';
import { printerHref } from './printers.pages.js';

/** The queue forms' values as typed, or as stored. */
export interface QueueValues {
  destination_uri: string;
  hold_jobs: boolean;
  auth_mode: string;
  /** A Find-Me queue's members, comma-separated. */
  printers: string;
}

export interface QueueView {
  urls: { ipp: string; ipps: string | null };
  values: QueueValues;
  errors?: FieldErrors;
}

export function queueValues(printer: PrinterRow, members: readonly string[]): QueueValues {
  return {
    destination_uri: printer.destination_uri,
    hold_jobs: printer.hold_jobs === 1,
    auth_mode: printer.auth_mode,
    printers: members.join(', '),
  };
}

export function QueueSection(props: { frame: AdminFrame; printer: PrinterRow; queue: QueueView }) {
  const t = useAdminTranslator();
  const { printer, queue } = props;
  const { values, errors } = queue;
  const findMe = printer.kind === 'find-me';
  const labels = {
    destination_uri: t.t('admin.queue.destination'),
    hold_jobs: t.t('admin.queue.hold'),
    auth_mode: t.t('admin.queue.auth'),
    printers: t.t('admin.queue.members'),
  };
  return (
    <section class="card" aria-labelledby="queue-title">
      <h2 id="queue-title">{t.t(findMe ? 'admin.queue.findMeTitle' : 'admin.queue.title')}</h2>
      {findMe && <p>{t.t('admin.queue.findMeIntro')}</p>}
      <p>{t.t('admin.queue.urls')}</p>
      <ul class="queue-urls">
        {[queue.urls.ipp, queue.urls.ipps].flatMap((url) =>
          url === null ? [] : [<li key={url}>{<code>{url}</code>}</li>],
        )}
      </ul>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`${printerHref(printer)}/queue`} novalidate>
        <CsrfField token={props.frame.csrfToken} />
        {!findMe && (
          <>
            <Field
              name="destination_uri"
              label={labels.destination_uri}
              value={values.destination_uri}
              errors={errors}
              hint={t.t('admin.queue.destinationHint')}
              autocomplete="off"
              maxLength={1000}
            />
            <Checkbox
              name="hold_jobs"
              label={labels.hold_jobs}
              checked={values.hold_jobs}
              hint={t.t('admin.queue.holdHint')}
              errors={errors}
            />
          </>
        )}
        <SelectField
          name="auth_mode"
          label={labels.auth_mode}
          value={values.auth_mode}
          options={[
            { value: 'basic', label: t.t('admin.queue.authBasic') },
            { value: 'trusted', label: t.t('admin.queue.authTrusted') },
          ]}
        />
        <button type="submit">{t.t('admin.queue.save')}</button>
      </form>
      {findMe && (
        <form method="post" action={`${printerHref(printer)}/members`} novalidate>
          <CsrfField token={props.frame.csrfToken} />
          <Field
            name="printers"
            label={labels.printers}
            value={values.printers}
            errors={errors}
            hint={t.t('admin.queue.membersHint')}
            autocomplete="off"
            maxLength={10000}
          />
          <button type="submit">{t.t('admin.queue.saveMembers')}</button>
        </form>
      )}
    </section>
  );
}
