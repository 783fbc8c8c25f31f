import type { Table } from "./report";

/** What a section fills in as it goes, so a failure keeps what was measured before it. */
export interface SectionOutput {
  tables: Table[];
  notes: string[];
}

export const newTable = (title: string, columns: string[]): Table => ({ title, columns, rows: [] });

/** Prints a progress line to stderr (the tables go to stdout). */
export function progress(section: string, message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`${time} [${section}] ${message}\n`);
}
