import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Quantity } from "./stats";

export type Cell = string | number | Quantity | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface SectionResult {
  id: string;
  title: string;
  tables: Table[];
  /** What a reader needs to interpret the numbers (settings, caveats, checks). */
  notes: string[];
  /** Set when the section failed; its tables hold what was measured before. */
  error?: string;
  seconds: number;
  /** Set on a section kept from an earlier run (`--merge`): that run's date. */
  measuredAt?: string;
}

export interface BenchReport {
  machine: { cores: number; cpu: string; memoryGb: number; node: string; platform: string };
  date: string;
  argv: string[];
  seconds: number;
  sections: SectionResult[];
}

export function machineInfo(): BenchReport["machine"] {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function formatCell(cell: Cell): string {
  if (cell === null) return "–";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return formatNumber(cell);
  if (!Number.isFinite(cell.value)) return "–";
  if (cell.unit === "×") return `${formatNumber(cell.value)}×`;
  return `${formatNumber(cell.value)} ${cell.unit}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A Markdown table with padded columns (as the formatter lays them out): text left, numbers right. */
export function markdownTable(table: Table): string {
  const cells = table.rows.map((row) => row.map(formatCell));
  const widths = table.columns.map((column, index) =>
    Math.max(3, column.length, ...cells.map((row) => row[index].length)),
  );
  const pad = (text: string, index: number) =>
    index === 0 ? text.padEnd(widths[index]) : text.padStart(widths[index]);
  const line = (row: string[]) => `| ${row.map(pad).join(" | ")} |`;
  const rule = widths.map((width, index) =>
    index === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`,
  );
  return [
    `**${table.title}**`,
    "",
    line(table.columns),
    `| ${rule.join(" | ")} |`,
    ...cells.map(line),
  ].join("\n");
}

export function markdownSection(section: SectionResult): string {
  const parts = [`## ${section.title}`];
  if (section.measuredAt) parts.push(`_Kept from the run of ${section.measuredAt}._`);
  if (section.error) parts.push(`**Failed:** ${section.error}`);
  parts.push(...section.tables.map(markdownTable));
  if (section.notes.length > 0) parts.push(section.notes.map((note) => `- ${note}`).join("\n"));
  parts.push(`_Section took ${section.seconds.toFixed(0)} s._`);
  return parts.join("\n\n");
}

export function markdownReport(report: BenchReport): string {
  const { machine } = report;
  return [
    "# Cartograph benchmark",
    [
      `${report.date} · ${machine.cores} cores (${machine.cpu}) · ${machine.memoryGb} GB`,
      `Node ${machine.node} · ${machine.platform} · ${report.seconds.toFixed(0)} s in all`,
      `\`npm run bench${report.argv.length ? ` -- ${report.argv.join(" ")}` : ""}\``,
    ].join("  \n"),
    "Every ratio is the measured time over a floor measured in the same run on the same " +
      "machine (absolute times drift on shared machines; the ratios should not).",
    ...report.sections.map(markdownSection),
  ].join("\n\n");
}

/** results.json keeps tables as rows of {column: cell}, every number with its unit. */
function jsonReport(report: BenchReport) {
  return {
    ...report,
    sections: report.sections.map((section) => ({
      ...section,
      tables: section.tables.map((table) => ({
        title: table.title,
        columns: table.columns,
        rows: table.rows.map((row) =>
          Object.fromEntries(table.columns.map((column, index) => [column, row[index]])),
        ),
      })),
    })),
  };
}

/**
 * The sections of the report already in `directory` that this run did not measure, with the
 * date they were measured: `--merge` re-runs some sections and keeps the others.
 */
export function keptSections(directory: string, measured: string[]): SectionResult[] {
  const file = path.join(directory, "results.json");
  if (!existsSync(file)) return [];
  const previous = JSON.parse(readFileSync(file, "utf8")) as ReturnType<typeof jsonReport>;
  return previous.sections
    .filter((section) => !measured.includes(section.id))
    .map((section) => ({
      ...section,
      measuredAt: section.measuredAt ?? previous.date,
      tables: section.tables.map((table) => {
        const stored = table as { title: string; columns?: string[]; rows: Record<string, Cell>[] };
        const columns = stored.columns ?? Object.keys(stored.rows[0] ?? {});
        return {
          title: stored.title,
          columns,
          rows: stored.rows.map((row) => columns.map((column) => row[column] ?? null)),
        };
      }),
    }));
}

export function writeReport(report: BenchReport, directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  const markdown = path.join(directory, "results.md");
  const json = path.join(directory, "results.json");
  writeFileSync(markdown, `${markdownReport(report)}\n`);
  writeFileSync(json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
  return [markdown, json];
}
