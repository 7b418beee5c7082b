/**
 * A stored time on a page: the machine-readable ISO value in `datetime`, and what a reader sees in
 * the page's language and the organisation's time zone (components/formats.tsx). Null shows "—".
 *
 *   <When at={run.startedAt} />           // <time datetime="2026-12-02T10:00:00.000Z">2 Dec 2026, 11:00</time>
 *   <When at={user.lastLoginAt} relative /> // <time datetime="…" title="2 Dec 2026, 11:00 CET">3 minutes ago</time>
 *
 * Relative ("3 minutes ago", "yesterday"; the exact time and zone on hover) where the question is
 * how recent something is: last log-in, a sync's last run, a session's last activity, audit log
 * rows, a token's last use. Absolute where the reader compares or cites times: job log and ledger
 * rows, report timestamps, created, expiry and lock dates. Past a week a relative time shows the
 * absolute form anyway. "Now" is the page's (sendPage takes it from the services' clock).
 */
import { useFormats } from './formats.js';

export function When({ at, relative = false }: { at: string | null | undefined; relative?: boolean }) {
  const formats = useFormats();
  if (!at) return <>—</>;
  if (!relative) return <time datetime={at}>{formats.dateTime(at)}</time>;
  return (
    <time datetime={at} title={formats.exactTime(at)}>
      {formats.relative(at)}
    </time>
  );
}
