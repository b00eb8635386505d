/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a
 * carriage return) as a formula: CSV injection (OWASP). Such a cell is written with a leading `'`,
 * which spreadsheets show as text. A cell that starts with `'` gets one too, so `restoreFormula`
 * can always undo exactly what `neutraliseFormula` did.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);

export function neutraliseFormula(cell: string): string {
  return TRIGGERS.has(cell.charAt(0)) ? `'${cell}` : cell;
}

/** The cell as it was before `neutraliseFormula`; any other cell unchanged. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && TRIGGERS.has(cell.charAt(1)) ? cell.slice(1) : cell;
}
