/**
 * A source's sync options (what a run does with missing users, the removal limit, the schedule)
 * and the page that removes a source.
 *
 *   <SyncOptionsPage frame={frame} source={source} values={values} />
 */
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  SelectField,
  TextArea,
  type FieldErrors,
} from '../components/forms.js';
import { useFormats } from '../components/formats.js';
import { describeSchedule, SCHEDULE_CHOICES, WEEKDAY_CHOICES, type ScheduleValues } from './sync-schedule.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';

export interface SyncOptionValues extends ScheduleValues {
  missingPolicy: string;
  maxRemovals: string;
  maxRemovalsPercent: string;
  importDisabled: boolean;
  importGroups: string;
}

// Module-level English: the Admin Console always renders in English.
const OPTION_LABELS = {
  missingPolicy: adminEnglish.t('admin.syncOptions.missingPolicy'),
  maxRemovals: adminEnglish.t('admin.syncOptions.maxRemovals'),
  maxRemovalsPercent: adminEnglish.t('admin.syncOptions.maxRemovalsPercent'),
  schedule: adminEnglish.t('admin.schedule.cron'),
  scheduleEvery: adminEnglish.t('admin.schedule.every'),
  scheduleTime: adminEnglish.t('admin.schedule.time'),
  scheduleDay: adminEnglish.t('admin.schedule.day'),
  importGroups: adminEnglish.t('admin.syncOptions.importGroups'),
};

const MISSING_CHOICES: { value: string; label: string; hint: string }[] = [
  {
    value: 'keep',
    label: adminEnglish.t('admin.syncOptions.keep'),
    hint: adminEnglish.t('admin.syncOptions.keepHint'),
  },
  {
    value: 'disable',
    label: adminEnglish.t('admin.syncOptions.disable'),
    hint: adminEnglish.t('admin.syncOptions.disableHint'),
  },
  {
    value: 'delete',
    label: adminEnglish.t('admin.syncOptions.delete'),
    hint: adminEnglish.t('admin.syncOptions.deleteHint'),
  },
];

/** The saved removal limits and what they come to, for the worked example. */
type SavedLimits = { maxRemovals: number; maxRemovalsPercent: number; users: number; limit: number };

export function SyncOptionsPage(props: {
  frame: AdminFrame;
  source: { id: number; name: string; kindLabel: string };
  values: SyncOptionValues;
  /** The saved limits, for the worked example. */
  saved: SavedLimits;
  /** The saved schedule's cron text. */
  savedSchedule: string;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { frame, values, errors, source, saved } = props;
  return (
    <AdminPage frame={frame} title={t.t('admin.syncOptions.title', { name: source.name })} section="sources">
      <BackLink href="/admin/sources" label={t.t('admin.sources.back')} />
      <h1>{t.t('admin.syncOptions.title', { name: source.name })}</h1>
      <ErrorSummary errors={errors} labels={OPTION_LABELS} />
      <form method="post" action={`/admin/sources/${source.id}/options`} novalidate>
        <CsrfField token={frame.csrfToken} />
        <MissingUsersSection values={values} errors={errors} sourceName={source.name} saved={saved} />

        <ScheduleSection values={values} errors={errors} saved={props.savedSchedule} />

        <ImportSection values={values} errors={errors} />

        <div class="actions">
          <button type="submit">{t.t('admin.syncOptions.save')}</button>
          <a href="/admin/sources">{t.t('admin.cancel')}</a>
        </div>
      </form>
    </AdminPage>
  );
}

/** What a run does with users the source no longer has, and how many it may remove at once. */
function MissingUsersSection(props: {
  values: SyncOptionValues;
  errors?: FieldErrors;
  sourceName: string;
  saved: SavedLimits;
}) {
  const t = useAdminTranslator();
  const { values, errors, saved } = props;
  return (
    <section class="card" aria-labelledby="missing-title">
      <h2 id="missing-title">{OPTION_LABELS.missingPolicy}</h2>
      <MissingPolicyChoices value={values.missingPolicy} error={errors?.missingPolicy} />
      <h3>{t.t('admin.syncOptions.removalLimit')}</h3>
      <p id="removal-rule">
        {t.t('admin.syncOptions.removalRule', {
          maxRemovals: String(saved.maxRemovals),
          percent: String(saved.maxRemovalsPercent),
          users: String(saved.users),
          name: props.sourceName,
          limit: String(saved.limit),
        })}
      </p>
      <div class="grid-2">
        <Field
          name="maxRemovals"
          label={OPTION_LABELS.maxRemovals}
          type="number"
          value={values.maxRemovals}
          errors={errors}
          required
          hint={t.t('admin.syncOptions.maxRemovalsHint')}
        />
        <Field
          name="maxRemovalsPercent"
          label={OPTION_LABELS.maxRemovalsPercent}
          type="number"
          value={values.maxRemovalsPercent}
          errors={errors}
          required
          hint={t.t('admin.syncOptions.maxRemovalsPercentHint')}
        />
      </div>
    </section>
  );
}

/** The keep / disable / delete radio buttons; the first carries the id the error summary links to. */
function MissingPolicyChoices(props: { value: string; error?: string }) {
  const t = useAdminTranslator();
  const policyError = props.error;
  return (
    <fieldset
      class={`choices${policyError ? ' field-invalid' : ''}`}
      aria-describedby={policyError ? 'field-missingPolicy-error' : undefined}
    >
      <legend>{t.t('admin.syncOptions.missingLegend')}</legend>
      {policyError && (
        <p class="field-error" id="field-missingPolicy-error">
          {policyError}
        </p>
      )}
      {MISSING_CHOICES.map((choice, i) => (
        <div class="field-checkbox">
          <input
            id={i === 0 ? 'field-missingPolicy' : `field-missingPolicy-${choice.value}`}
            type="radio"
            name="missingPolicy"
            value={choice.value}
            checked={props.value === choice.value}
            aria-describedby={`field-missingPolicy-${choice.value}-hint`}
          />
          <label for={i === 0 ? 'field-missingPolicy' : `field-missingPolicy-${choice.value}`}>
            {choice.label}
          </label>
          <p class="hint" id={`field-missingPolicy-${choice.value}-hint`}>
            {choice.hint}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * When to synchronize: a common choice (every hour, day or week at a time) or a cron expression.
 * Without script every field shows; the choice says which of them counts.
 */
function ScheduleSection(props: { values: SyncOptionValues; errors?: FieldErrors; saved: string }) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const zone = useFormats().settings.timeZone;
  return (
    <section class="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t.t('admin.syncOptions.when')}</h2>
      <p>
        {t.t('admin.schedule.current', { schedule: describeSchedule(props.saved) })}{' '}
        {t.t('admin.schedule.zone', { zone })}
      </p>
      <SelectField
        name="scheduleEvery"
        label={OPTION_LABELS.scheduleEvery}
        value={values.scheduleEvery}
        options={[...SCHEDULE_CHOICES].map(([value, label]) => ({ value, label }))}
      />
      {errors?.scheduleEvery && <p class="field-error">{errors.scheduleEvery}</p>}
      <div class="grid-2">
        <Field
          name="scheduleTime"
          label={OPTION_LABELS.scheduleTime}
          value={values.scheduleTime}
          errors={errors}
          hint={t.t('admin.schedule.timeHint')}
        />
        <div>
          <SelectField
            name="scheduleDay"
            label={OPTION_LABELS.scheduleDay}
            value={values.scheduleDay}
            options={WEEKDAY_CHOICES}
          />
          <p class="hint">{t.t('admin.schedule.dayHint')}</p>
          {errors?.scheduleDay && <p class="field-error">{errors.scheduleDay}</p>}
        </div>
      </div>
      <Field
        name="schedule"
        label={OPTION_LABELS.schedule}
        value={values.schedule}
        errors={errors}
        hint={t.t('admin.schedule.cronHint')}
      />
    </section>
  );
}

/** Which directory users a run imports. */
function ImportSection({ values, errors }: { values: SyncOptionValues; errors?: FieldErrors }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">{t.t('admin.syncOptions.which')}</h2>
      <Checkbox
        name="importDisabled"
        label={t.t('admin.syncOptions.importDisabled')}
        checked={values.importDisabled}
        hint={t.t('admin.syncOptions.importDisabledHint')}
      />
      <TextArea
        name="importGroups"
        label={OPTION_LABELS.importGroups}
        value={values.importGroups}
        errors={errors}
        rows={4}
        hint={t.t('admin.syncOptions.importGroupsHint')}
      />
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Remove a source

/**
 * Remove a source: the button only when removal can work (the source provides no users); otherwise
 * why not and what to do instead, with no button that could only fail.
 */
export function RemoveSourcePage(props: {
  frame: AdminFrame;
  source: { id: number; name: string; kindLabel: string };
  users: number;
  error?: string;
}) {
  const t = useAdminTranslator();
  const { frame, source } = props;
  const removable = props.users === 0;
  return (
    <AdminPage frame={frame} title={t.t('admin.removeSource.title', { name: source.name })} section="sources">
      <section class="card narrow">
        <h1>{t.t('admin.removeSource.title', { name: source.name })}</h1>
        {props.error && <Notice kind="error">{props.error}</Notice>}
        <p>
          {t.t('admin.removeSource.provides', { kind: source.kindLabel, users: String(props.users) })}{' '}
          {removable ? t.t('admin.removeSource.empty') : t.t('admin.removeSource.notEmpty')}
        </p>
        {removable ? (
          <form method="post" action={`/admin/sources/${source.id}/remove`}>
            <CsrfField token={frame.csrfToken} />
            <div class="actions">
              <button type="submit" class="button-danger">
                {t.t('admin.removeSource.submit')}
              </button>
              <a href="/admin/sources">{t.t('admin.cancel')}</a>
            </div>
          </form>
        ) : (
          <div class="actions">
            <a class="button" href={`/admin/sources/${source.id}/options`}>
              {t.t('admin.removeSource.toOptions')}
            </a>
            <a href="/admin/sources">{t.t('admin.sources.back')}</a>
          </div>
        )}
      </section>
    </AdminPage>
  );
}
