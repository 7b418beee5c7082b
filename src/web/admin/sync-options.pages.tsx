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
  TextArea,
  type FieldErrors,
} from '../components/forms.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export interface SyncOptionValues {
  missingPolicy: string;
  maxRemovals: string;
  maxRemovalsPercent: string;
  schedule: string;
  importDisabled: boolean;
  importGroups: string;
}

const OPTION_LABELS = {
  missingPolicy: 'Users no longer in the directory',
  maxRemovals: 'Removal limit (users)',
  maxRemovalsPercent: 'Removal limit (percent)',
  schedule: 'Schedule',
  importGroups: 'Import users from selected groups only',
};

const MISSING_CHOICES: { value: string; label: string; hint: string }[] = [
  { value: 'keep', label: 'Keep them', hint: 'They stay as they are; each report lists them.' },
  {
    value: 'disable',
    label: 'Disable them (default)',
    hint: 'They can no longer sign in; listed again, they are enabled again.',
  },
  { value: 'delete', label: 'Delete them', hint: 'Their records are removed from Quire.' },
];

export function SyncOptionsPage(props: {
  frame: AdminFrame;
  source: { id: number; name: string; kindLabel: string };
  values: SyncOptionValues;
  /** The saved limits, for the worked example. */
  saved: { maxRemovals: number; maxRemovalsPercent: number; users: number; limit: number };
  errors?: FieldErrors;
}) {
  const { frame, values, errors, source, saved } = props;
  const policyError = errors?.missingPolicy;
  return (
    <AdminPage frame={frame} title={`Sync options of ${source.name}`} section="sources">
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>Sync options of {source.name}</h1>
      <ErrorSummary errors={errors} labels={OPTION_LABELS} />
      <form method="post" action={`/admin/sources/${source.id}/options`} novalidate>
        <CsrfField token={frame.csrfToken} />
        <section class="card" aria-labelledby="missing-title">
          <h2 id="missing-title">Users no longer in the directory</h2>
          <fieldset
            class={`choices${policyError ? ' field-invalid' : ''}`}
            aria-describedby={policyError ? 'field-missingPolicy-error' : undefined}
          >
            <legend>When a user of this source is no longer listed</legend>
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
                  checked={values.missingPolicy === choice.value}
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
          <h3>Removal limit</h3>
          <p id="removal-rule">
            A run that would disable or delete more than {saved.maxRemovals} users or{' '}
            {saved.maxRemovalsPercent} % of this source's users, whichever is smaller, stops before changing
            anything. With the {saved.users} users {source.name} provides now, that is at most {saved.limit}.
            An administrator can allow one run to exceed the limit.
          </p>
          <div class="grid-2">
            <Field
              name="maxRemovals"
              label={OPTION_LABELS.maxRemovals}
              type="number"
              value={values.maxRemovals}
              errors={errors}
              required
              hint="A whole number, 0 or more (0: never disable or delete)."
            />
            <Field
              name="maxRemovalsPercent"
              label={OPTION_LABELS.maxRemovalsPercent}
              type="number"
              value={values.maxRemovalsPercent}
              errors={errors}
              required
              hint="From 0 to 100."
            />
          </div>
        </section>

        <section class="card" aria-labelledby="schedule-title">
          <h2 id="schedule-title">When to synchronize</h2>
          <Field
            name="schedule"
            label={`${OPTION_LABELS.schedule} (cron expression)`}
            value={values.schedule}
            errors={errors}
            hint='Minute, hour, day of month, month and day of week, in server time: "0 2 * * *" is every night at 02:00, "0 */4 * * *" every four hours. Leave empty to synchronize on demand only (Synchronize Now).'
          />
        </section>

        <section class="card" aria-labelledby="import-title">
          <h2 id="import-title">Which users to import</h2>
          <Checkbox
            name="importDisabled"
            label="Import disabled users"
            checked={values.importDisabled}
            hint="On: accounts disabled in the directory are imported as disabled users. Off: they are left out."
          />
          <TextArea
            name="importGroups"
            label={OPTION_LABELS.importGroups}
            value={values.importGroups}
            errors={errors}
            rows={4}
            hint="Group names, one per line; members of nested groups count. Empty: every user the source lists."
          />
        </section>

        <div class="actions">
          <button type="submit">Save sync options</button>
          <a href="/admin/sources">Cancel</a>
        </div>
      </form>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Remove a source

export function RemoveSourcePage(props: {
  frame: AdminFrame;
  source: { id: number; name: string; kindLabel: string };
  users: number;
  error?: string;
}) {
  const { frame, source } = props;
  return (
    <AdminPage frame={frame} title={`Remove ${source.name}?`} section="sources">
      <section class="card narrow">
        <h1>Remove {source.name}?</h1>
        {props.error && <Notice kind="error">{props.error}</Notice>}
        <p>
          {source.kindLabel} source. It provides {props.users} users now.{' '}
          {props.users > 0
            ? 'A source can be removed only once it provides no users: set its policy for users no longer listed to "Delete them" and synchronize, or delete its users first.'
            : 'Its settings and schedule are removed; its past reports stay.'}
        </p>
        <form method="post" action={`/admin/sources/${source.id}/remove`}>
          <CsrfField token={frame.csrfToken} />
          <div class="actions">
            <button type="submit" class="button-danger">
              Remove source
            </button>
            <a href="/admin/sources">Cancel</a>
          </div>
        </form>
      </section>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------------------
// A synchronization run
