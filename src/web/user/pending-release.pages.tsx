/**
 * Jobs Pending Release: the user's held jobs with Print and Cancel (PaperCut's page of that name).
 */
import { useTranslator } from '../components/translation.js';
import { DoneNotice, PendingJobsTable, type JobError, type PendingJobView } from '../release/pending-jobs.js';
import { Frame, type UserFrame } from './user-frame.js';

export const PENDING_RELEASE_PATH = '/user/jobs-pending-release';

export function PendingReleasePage(
  props: UserFrame & { jobs: PendingJobView[]; done?: string; error?: JobError },
) {
  const t = useTranslator();
  const title = t.t('release.title');
  return (
    <Frame {...props} title={title} current={PENDING_RELEASE_PATH}>
      <h1>{title}</h1>
      <DoneNotice done={props.done} />
      <p>{t.t('release.intro')}</p>
      <PendingJobsTable
        jobs={props.jobs}
        csrfToken={props.csrfToken}
        actionOf={(id, action) => `${PENDING_RELEASE_PATH}/${id}/${action}`}
        error={props.error}
      />
    </Frame>
  );
}
