/**
 * The Summary's balance over the last days, drawn on the server as an SVG line (no script): one
 * point per day, the balance at its end; a dashed line marks zero when the balance crosses it.
 * Screen readers get the same figures as one sentence (the figure's label).
 *
 *   <BalanceChart points={await accounts.balanceHistory(user, 30)} />
 */
import type { BalancePoint } from '../../accounts/accounts.service.js';
import { useFormats } from '../components/formats.js';
import { useTranslator } from '../components/translation.js';

const WIDTH = 300;
const HEIGHT = 90;
/** Room above and below the line, so that its stroke is never cut off. */
const MARGIN = 4;

export function BalanceChart(props: { points: BalancePoint[] }) {
  const t = useTranslator();
  const f = useFormats();
  const { points } = props;
  if (points.length < 2) return null;
  const balances = points.map((point) => point.balance);
  const low = Math.min(0, ...balances);
  const high = Math.max(0, ...balances);
  const span = high - low || 1;
  const x = (i: number) => ((i * WIDTH) / (points.length - 1)).toFixed(1);
  const y = (balance: number) => (MARGIN + ((high - balance) * (HEIGHT - 2 * MARGIN)) / span).toFixed(1);
  const line = balances.map((balance, i) => `${x(i)},${y(balance)}`).join(' ');
  const first = points[0]!;
  const last = points.at(-1)!;
  const summary = t.t('user.summary.chartSummary', {
    from: f.date(first.day),
    start: f.money(first.balance),
    end: f.money(last.balance),
    lowest: f.money(Math.min(...balances)),
    highest: f.money(Math.max(...balances)),
  });
  return (
    <figure class="chart">
      <figcaption>{t.t('user.summary.chartTitle', { days: points.length })}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="none">
        {low < 0 && high > 0 ? (
          <line class="chart-zero" x1="0" x2={WIDTH} y1={y(0)} y2={y(0)} vector-effect="non-scaling-stroke" />
        ) : null}
        <polyline class="chart-line" points={line} vector-effect="non-scaling-stroke" />
      </svg>
      <p class="chart-scale">
        <span>{f.date(first.day)}</span>
        <span>{t.t('user.summary.chartToday', { balance: f.money(last.balance) })}</span>
      </p>
    </figure>
  );
}
