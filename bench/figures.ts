// The protocol between a benchmark and `npm run bench` (bench/run.ts): every bench prints its
// human output as it likes and ends with one line
//   BENCH-FIGURES {"figures":[{"name":"…","value":123.4,"unit":"pages/s","goal":500,"better":"higher"}]}
// that the runner finds in its stdout. A figure with `goal: null` is printed for information and
// is neither met nor missed. A value that could not be measured is printed as null (JSON has no
// NaN) and counts as missed when the figure has a goal, so a broken measurement never passes.
import { z } from "zod";

export type BenchFigure = {
  name: string;
  value: number;
  unit: string;
  goal: number | null;
  better: "higher" | "lower";
};

export type Verdict = "met" | "missed" | "info";

export const FIGURES_PREFIX = "BENCH-FIGURES ";

const figureSchema = z.object({
  name: z.string().min(1),
  // null is how JSON.stringify writes NaN and ±Infinity: "not measured".
  value: z
    .number()
    .nullable()
    .transform((value) => value ?? Number.NaN),
  unit: z.string(),
  goal: z.number().nullable(),
  better: z.enum(["higher", "lower"]),
});
const lineSchema = z.object({ figures: z.array(figureSchema) });

/** The one line a bench prints last: the prefix and the figures as JSON. */
export function formatFigures(figures: BenchFigure[]): string {
  return `${FIGURES_PREFIX}${JSON.stringify({ figures })}`;
}

/** Prints the BENCH-FIGURES line on stdout (call it once, at the end of the bench). */
export function printFigures(figures: BenchFigure[]): void {
  console.log(formatFigures(figures));
}

/**
 * The figures of a bench's stdout: the last well-formed BENCH-FIGURES line (a bench that
 * printed a partial line before failing, then a full one, is read by its last word), or null
 * when there is none.
 */
export function parseFigures(output: string): BenchFigure[] | null {
  const lines = output.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.startsWith(FIGURES_PREFIX)) continue;
    let json: unknown;
    try {
      json = JSON.parse(line.slice(FIGURES_PREFIX.length));
    } catch {
      continue;
    }
    const parsed = lineSchema.safeParse(json);
    if (parsed.success) return parsed.data.figures;
  }
  return null;
}

/** Whether a figure meets its goal: "info" without a goal; a value not measured misses. */
export function verdict(figure: BenchFigure): Verdict {
  if (figure.goal === null) return "info";
  if (!Number.isFinite(figure.value)) return "missed";
  return figure.better === "higher"
    ? figure.value >= figure.goal
      ? "met"
      : "missed"
    : figure.value <= figure.goal
      ? "met"
      : "missed";
}

/** A figure's value for a table: yes/no figures as words, others rounded to their size. */
export function formatValue(value: number, unit: string): string {
  if (unit === "yes/no") return Number.isNaN(value) ? "—" : value ? "yes" : "no";
  if (!Number.isFinite(value)) return "not measured";
  const digits =
    Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits })} ${unit}`;
}

/** A figure's goal for a table: "≥ 500 pages/s", "≤ 50 ms", "yes", or "—" without one. */
export function formatGoal(figure: BenchFigure): string {
  if (figure.goal === null) return "—";
  if (figure.unit === "yes/no") return formatValue(figure.goal, figure.unit);
  return `${figure.better === "higher" ? "≥" : "≤"} ${formatValue(figure.goal, figure.unit)}`;
}
