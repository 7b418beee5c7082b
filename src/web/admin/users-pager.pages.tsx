/**
 * Admin Console → Users: the pages. First, Previous, the numbers around the current page, Next
 * and (when the count is exact) Last, and a Go to page form for any other: links and a GET form,
 * no JavaScript.
 */
import { Field } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { listParams, usersListHref, type UserListQuery } from './users-list-query.js';

/** How many page numbers either side of the current one. */
const AROUND = 2;

export function UsersPager(props: {
  query: UserListQuery;
  hasMore: boolean;
  count: number;
  countBound: number;
}) {
  const t = useAdminTranslator();
  const { query, hasMore } = props;
  if (query.page <= 1 && !hasMore) return null;
  // Past the bound the count is not exact, so neither is the last page.
  const last = props.count > props.countBound ? undefined : Math.max(Math.ceil(props.count / query.size), 1);
  const highest = Math.min(last ?? Infinity, hasMore ? query.page + AROUND : query.page);
  const numbers: number[] = [];
  for (let page = Math.max(query.page - AROUND, 1); page <= highest; page++) numbers.push(page);
  const link = (page: number, label: string, hidden?: string) => (
    <a href={usersListHref({ ...query, page })}>
      {label}
      {hidden && <span class="visually-hidden"> {hidden}</span>}
    </a>
  );
  const pageWord = t.t('admin.users.list.page');
  return (
    <nav class="pager" aria-label={t.t('admin.users.list.pages')}>
      {query.page > 1 && link(1, t.t('admin.users.list.first'), pageWord)}
      {query.page > 1 && link(query.page - 1, t.t('admin.users.list.previous'), pageWord)}
      {numbers.map((page) =>
        page === query.page ? (
          <strong aria-current="page">
            <span class="visually-hidden">{t.t('admin.users.list.pageNumber', { page })}</span>
            <span aria-hidden="true">{page}</span>
          </strong>
        ) : (
          <a
            href={usersListHref({ ...query, page })}
            aria-label={t.t('admin.users.list.pageNumber', { page })}
          >
            {page}
          </a>
        ),
      )}
      {hasMore && link(query.page + 1, t.t('admin.users.list.next'), pageWord)}
      {hasMore &&
        last !== undefined &&
        last > query.page &&
        link(last, t.t('admin.users.list.last'), pageWord)}
      <JumpForm query={query} />
    </nav>
  );
}

/** Go to page: the list's other parameters ride along as hidden fields. */
function JumpForm({ query }: { query: UserListQuery }) {
  const t = useAdminTranslator();
  const params = listParams({ ...query, page: 1 });
  return (
    <form method="get" action="/admin/users" class="pager-jump">
      {[...params].map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Field name="page" type="number" label={t.t('admin.users.list.jump')} value={String(query.page)} />
      <button type="submit" class="button-secondary">
        {t.t('admin.users.list.go')}
      </button>
    </form>
  );
}
