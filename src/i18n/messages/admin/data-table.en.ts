/** The Admin Console's words: the fixed words of its tables (components/data-table.tsx). */
export const dataTableEn = {
  'admin.table.sorted': '{dir, select, asc {sorted ascending} other {sorted descending}}',
  'admin.table.sortLink': '{dir, select, asc {, sort ascending} other {, sort descending}}',
} as const;
