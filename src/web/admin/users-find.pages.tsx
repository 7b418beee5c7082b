/**
 * Admin Console → Users: the Find users form (quick find and the filters, the page size), a GET
 * form that works without JavaScript; a sort other than the default is kept across a search.
 */
import type { AdminMessageKey } from '../../i18n/admin-translator.js';
import { ErrorSummary, Field, SelectField, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { DEFAULT_LIST, PAGE_SIZES, type UserListQuery } from './users-list-query.js';

/** The status filters' query names and words, in the form's order; the route's Map reads the same names. */
export const STATUS_FILTER_FIELDS: readonly {
  name: 'disabled' | 'locked' | 'admin' | 'never';
  label: AdminMessageKey;
  yes: AdminMessageKey;
  no: AdminMessageKey;
}[] = [
  {
    name: 'disabled',
    label: 'admin.users.filter.disabled',
    yes: 'admin.users.filter.disabledYes',
    no: 'admin.users.filter.disabledNo',
  },
  {
    name: 'locked',
    label: 'admin.users.filter.locked',
    yes: 'admin.users.filter.lockedYes',
    no: 'admin.users.filter.lockedNo',
  },
  {
    name: 'admin',
    label: 'admin.users.filter.admin',
    yes: 'admin.users.filter.adminYes',
    no: 'admin.users.filter.adminNo',
  },
  {
    name: 'never',
    label: 'admin.users.filter.never',
    yes: 'admin.users.filter.neverYes',
    no: 'admin.users.filter.neverNo',
  },
];

export function FindUsersForm(props: {
  query: UserListQuery;
  sources: { id: number; name: string }[];
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { query, errors } = props;
  const labels = { below: t.t('admin.users.list.below') };
  const sourceOptions = [
    { value: 'all', label: t.t('admin.users.list.allUsers') },
    { value: 'internal', label: t.t('admin.users.list.internalUsers') },
    ...props.sources.map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <form
        method="get"
        action="/admin/users"
        class="toolbar"
        role="search"
        aria-label={t.t('admin.users.list.findUsers')}
      >
        <Field
          name="q"
          label={t.t('admin.users.list.quickFind')}
          type="search"
          value={query.q}
          hint={t.t('admin.users.list.quickFindHint')}
          maxLength={200}
        />
        <SelectField
          name="source"
          label={t.t('admin.users.list.source')}
          value={query.source}
          options={sourceOptions}
        />
        {STATUS_FILTER_FIELDS.map((filter) => (
          <SelectField
            name={filter.name}
            label={t.t(filter.label)}
            value={query[filter.name]}
            options={[
              { value: 'any', label: t.t('admin.users.filter.any') },
              { value: 'yes', label: t.t(filter.yes) },
              { value: 'no', label: t.t(filter.no) },
            ]}
          />
        ))}
        <Field
          name="dept"
          label={t.t('admin.users.filter.department')}
          value={query.dept}
          hint={t.t('admin.users.filter.departmentHint')}
          autocomplete="off"
          maxLength={200}
        />
        <SelectField
          name="restricted"
          label={t.t('admin.users.list.restricted')}
          value={query.restricted}
          options={[
            { value: 'any', label: t.t('admin.users.list.restrictedAny') },
            { value: 'yes', label: t.t('admin.users.list.restrictedYes') },
            { value: 'no', label: t.t('admin.users.list.restrictedNo') },
          ]}
        />
        <Field
          name="below"
          label={labels.below}
          value={query.below}
          errors={errors}
          hint={t.t('admin.users.list.belowHint')}
          autocomplete="off"
          maxLength={40}
        />
        <SelectField
          name="size"
          label={t.t('admin.users.list.pageSize')}
          value={String(query.size)}
          options={PAGE_SIZES.map((size) => ({ value: String(size), label: String(size) }))}
        />
        {(query.sort !== DEFAULT_LIST.sort || query.dir !== DEFAULT_LIST.dir) && (
          <>
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
          </>
        )}
        <button type="submit">{t.t('admin.users.list.find')}</button>
      </form>
    </>
  );
}
