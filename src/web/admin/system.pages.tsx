/**
 * Admin Console pages beyond users and User/Group Sync: Options and the Audit Log.
 */
import { CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from '../components/forms.js';
import { AdminPage, SelectField, type AdminFrame } from './admin.pages.js';
import type { AuditEntry } from '../../audit/audit.repository.js';

export interface OptionValues {
  organizationName: string;
  passwordHelpText: string;
  minPasswordLength: string;
}

const OPTION_LABELS = { organizationName: 'Organisation name', passwordHelpText: 'Password help text', minPasswordLength: 'Minimum password length' };

export function OptionsPage(props: { frame: AdminFrame; values: OptionValues; errors?: FieldErrors; notice?: string }) {
  const { values } = props;
  return (
    <AdminPage frame={props.frame} title="Options" section="options">
      <h1>Options</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <ErrorSummary errors={props.errors} labels={OPTION_LABELS} />
      <form method="post" action="/admin/options" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field name="organizationName" label={OPTION_LABELS.organizationName} value={values.organizationName} errors={props.errors} required maxLength={100} hint="Shown at the top of every page." />
        <TextArea
          name="passwordHelpText"
          label={OPTION_LABELS.passwordHelpText}
          value={values.passwordHelpText}
          errors={props.errors}
          hint='Shown to standard users and on "Forgot your password?", e.g. "Contact the IT Service Desk, ext. 4357".'
        />
        <Field name="minPasswordLength" label={OPTION_LABELS.minPasswordLength} type="number" value={values.minPasswordLength} errors={props.errors} required hint="For internal users, from 1 to 64. At least 8 is the default; 15 or more is recommended." />
        <button type="submit">Save options</button>
      </form>
    </AdminPage>
  );
}

/** An audit entry as the page shows it: the stored fields and the id used for paging. */
export type AuditEntryView = AuditEntry & { id: number };

export function AuditLogPage(props: { frame: AdminFrame; user: string; action: string; actions: string[]; entries: AuditEntryView[]; olderHref?: string }) {
  return (
    <AdminPage frame={props.frame} title="Audit Log" section="audit">
      <h1>Audit Log</h1>
      <form method="get" action="/admin/audit" class="toolbar" aria-label="Filter the audit log">
        <Field name="user" label="User" type="search" value={props.user} hint="Who acted or was acted on" maxLength={200} />
        <SelectField name="action" label="Action" value={props.action} options={[{ value: '', label: 'All actions' }, ...props.actions.map((a) => ({ value: a, label: a }))]} />
        <button type="submit">Filter</button>
      </form>
      {props.entries.length === 0 ? (
        <p>No entries match.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">Source address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((entry) => (
                <tr>
                  <td>
                    <time datetime={entry.at}>{entry.at}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>{entry.target}</td>
                  <td>{entry.ip}</td>
                  <td>{entry.details && <code>{entry.details}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.olderHref && (
        <nav class="pager" aria-label="Pages of the audit log">
          <a href={props.olderHref}>Older entries</a>
        </nav>
      )}
    </AdminPage>
  );
}
