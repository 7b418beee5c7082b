/**
 * A user's account selection, PaperCut's names: how their jobs pick the account they are charged
 * to (jobs/account-choice.ts applies it). Looked up in a Map: the mode comes from outside.
 */
export const SELECTION_MODES = new Map([
  ['auto-charge-personal', 'Charge the personal account automatically'],
  ['auto-select-shared', 'Charge a shared account automatically'],
  ['standard-popup', 'Let the user choose (standard popup)'],
  ['advanced-popup', 'Let the user choose (advanced popup)'],
] as const);

export type SelectionMode = typeof SELECTION_MODES extends Map<infer K, unknown> ? K : never;

export const DEFAULT_SELECTION: SelectionMode = 'auto-charge-personal';

export function isSelectionMode(mode: string): mode is SelectionMode {
  return SELECTION_MODES.has(mode as SelectionMode);
}
