/**
 * Admin Console → Users → a user → Job Log: the user's print jobs, newest first, paged by the
 * last job's id, with a link to the full Job Log filtered to them (more filters, CSV).
 *
 *   <UserJobsPage frame={frame} user={presented} jobs={rows} hasMore={false} />
 */
import type { JobRow } from '../../db/accounting.schema.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';
import { JobTable } from './jobs.pages.js';
import { filterQueryString } from './log-filter.js';
import { LogPager } from './logs.pages.js';
import { UserHeading } from './users-details.pages.js';

export const USER_JOBS_PER_PAGE = 50;

export function UserJobsPage(props: {
  frame: AdminFrame;
  user: PresentedUser;
  jobs: JobRow[];
  before?: number;
  hasMore: boolean;
}) {
  const t = useAdminTranslator();
  const { user } = props;
  return (
    <AdminPage
      frame={props.frame}
      title={t.t('admin.userJobs.title', { name: user.username })}
      section="users"
    >
      <UserHeading user={user} tab="/jobs" />
      <p>
        <a href={`/admin/jobs${filterQueryString({ user: user.username })}`}>{t.t('admin.userJobs.more')}</a>
      </p>
      <JobTable jobs={props.jobs} />
      <LogPager
        path={userHref(user.username, '/jobs')}
        filter={{}}
        label={t.t('admin.userJobs.pages')}
        before={props.before}
        hasMore={props.hasMore}
        lastId={props.jobs.at(-1)?.id}
      />
    </AdminPage>
  );
}
