/**
 * Accessible form pieces: every input has a visible label; an error is linked to its field with
 * aria-describedby and listed in a summary at the top of the form.
 */
import type { ComponentChildren } from 'preact';
import { useTranslator } from './translation.js';

export type FieldErrors = Record<string, string>;

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'number' | 'search' | 'date';
  value?: string;
  errors?: FieldErrors;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  autofocus?: boolean;
}

/** Label, hint and error of a field; `control` receives the ids to wire into the input. */
function FieldFrame(props: {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  control: (a: { id: string; error?: string; describedBy?: string }) => preact.JSX.Element;
}) {
  const id = `field-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy =
    [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {props.control({ id, error, describedBy })}
    </div>
  );
}

export function Field(props: FieldProps) {
  return (
    <FieldFrame
      {...props}
      control={({ id, error, describedBy }) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.type === 'password' ? undefined : props.value}
          autocomplete={props.autocomplete}
          required={props.required}
          readOnly={props.readOnly}
          maxLength={props.maxLength}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          autofocus={props.autofocus}
        />
      )}
    />
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  hint?: string;
  rows?: number;
  readOnly?: boolean;
}) {
  return (
    <FieldFrame
      {...props}
      control={({ id, error, describedBy }) => (
        <textarea
          id={id}
          name={props.name}
          rows={props.rows ?? 4}
          readOnly={props.readOnly}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          {props.value ?? ''}
        </textarea>
      )}
    />
  );
}

/** A labelled drop-down list; `value` picks the selected option. */
export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(props: {
  name: string;
  label: string;
  checked?: boolean;
  hint?: string;
  errors?: FieldErrors;
}) {
  const id = `field-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy =
    [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field field-checkbox${error ? ' field-invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        name={props.name}
        value="on"
        checked={props.checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Lists every field error at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, labels }: { errors?: FieldErrors; labels?: Record<string, string> }) {
  const t = useTranslator();
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t.t('forms.errorSummary')}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            {name.startsWith('_') ? (
              message
            ) : (
              <a href={`#field-${name}`}>
                {labels?.[name] ? t.t('forms.fieldError', { label: labels[name], message }) : message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({
  kind,
  children,
}: {
  kind: 'success' | 'info' | 'warning' | 'error';
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
