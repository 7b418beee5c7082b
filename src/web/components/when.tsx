/**
 * A stored time on a page: the machine-readable ISO value in `datetime`, and what a reader sees in
 * the page's language and the organisation's time zone (components/formats.tsx). Null shows "—".
 *
 *   <When at={run.startedAt} />  // <time datetime="2026-12-02T10:00:00.000Z">Dec 2, 2026, 11:00 AM</time>
 */
import { useFormats } from './formats.js';

export function When({ at }: { at: string | null | undefined }) {
  const formats = useFormats();
  return at ? <time datetime={at}>{formats.dateTime(at)}</time> : <>—</>;
}
