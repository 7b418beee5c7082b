/**
 * What a job costs on a printer: a price per page (one side of a sheet), grayscale or colour page by page, from
 * the paper size's own prices when the printer lists the size, else its base prices; pages printed
 * on both sides get the printer's duplex discount (percent). Exact integer arithmetic.
 *
 *   jobCost({ cost_gray: 1000, cost_color: 5000, duplex_discount: 20 }, [], job) // ten-thousandths
 */
import { discounted } from '../accounts/money.js';
import type { SizeCost } from './printers.repository.js';

export interface CostModel {
  cost_gray: number;
  cost_color: number;
  duplex_discount: number;
}

export interface JobShape {
  /** Pages of one copy, and how many of them are in colour. */
  pages: number;
  colorPages: number;
  copies: number;
  duplex: boolean;
  paperSize: string;
}

/** Paper size names compared without case or spaces ("a4", "Letter", "ISO A4" → "a4"). */
export function paperSizeKey(size: string): string {
  return size
    .toLowerCase()
    .replace(/^(iso|na)[-_ ]?/, '')
    .replace(/[\s_-]+/g, '');
}

/** The prices for a paper size: the size's own when the printer lists it, else the base prices. */
export function pricesFor(
  model: CostModel,
  sizes: readonly SizeCost[],
  paperSize: string,
): Omit<SizeCost, 'size'> {
  const key = paperSizeKey(paperSize);
  return (key ? sizes.find((candidate) => paperSizeKey(candidate.size) === key) : undefined) ?? model;
}

export function jobCost(model: CostModel, sizes: readonly SizeCost[], job: JobShape): number {
  const prices = pricesFor(model, sizes, job.paperSize);
  const percentOff = job.duplex ? model.duplex_discount : 0;
  const color = discounted(prices.cost_color, job.colorPages * job.copies, percentOff);
  const gray = discounted(prices.cost_gray, (job.pages - job.colorPages) * job.copies, percentOff);
  return color + gray;
}
