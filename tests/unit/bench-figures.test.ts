import { describe, expect, it } from "vitest";
import {
  formatFigures,
  formatGoal,
  parseFigures,
  verdict,
  type BenchFigure,
} from "../../bench/figures.ts";

// `npm run bench` trusts what a bench prints on its BENCH-FIGURES line (bench/figures.ts): a
// goal judged the wrong way round, or a broken line read as "no goals", would report a missed
// goal as met.

const pages: BenchFigure = {
  name: "consultation page, 50 concurrent",
  value: 512.5,
  unit: "pages/s",
  goal: 500,
  better: "higher",
};
const latency: BenchFigure = { name: "p95", value: 48, unit: "ms", goal: 50, better: "lower" };

describe("the BENCH-FIGURES line", () => {
  it("reads back what a bench printed, among its other output", () => {
    const output = [
      "Reading pages: demo on PostgreSQL",
      "  consultation page  512 pages/s",
      formatFigures([pages, latency]),
      "",
    ].join("\n");
    expect(parseFigures(output)).toEqual([pages, latency]);
  });

  it("takes the last line when a bench printed more than one", () => {
    const early = { ...pages, value: 1 };
    const output = `${formatFigures([early])}\nretrying\n${formatFigures([pages])}\n`;
    expect(parseFigures(output)).toEqual([pages]);
  });

  it("gives nothing for output without the line, or with a malformed one", () => {
    expect(parseFigures("acknowledged: 534/s\ngoal (≥ 1,000/s): NOT met\n")).toBeNull();
    expect(parseFigures('BENCH-FIGURES {"figures":[{"name":"x"}]}')).toBeNull();
    expect(parseFigures("BENCH-FIGURES {not json")).toBeNull();
    expect(
      parseFigures(
        'BENCH-FIGURES {"figures":[{"name":"x","value":1,"unit":"ms","goal":1,"better":"faster"}]}',
      ),
    ).toBeNull();
  });

  it("reads a value that could not be measured (JSON null) as not a number", () => {
    const [figure] = parseFigures(formatFigures([{ ...latency, value: Number.NaN }]))!;
    expect(figure!.value).toBeNaN();
  });

  it("accepts CRLF line ends", () => {
    expect(parseFigures(`hello\r\n${formatFigures([latency])}\r\n`)).toEqual([latency]);
  });
});

describe("met or missed", () => {
  it("meets a 'higher' goal at or above it and misses below it", () => {
    expect(verdict({ ...pages, value: 500 })).toBe("met");
    expect(verdict({ ...pages, value: 1200 })).toBe("met");
    expect(verdict({ ...pages, value: 21 })).toBe("missed");
  });

  it("meets a 'lower' goal at or below it and misses above it", () => {
    expect(verdict({ ...latency, value: 50 })).toBe("met");
    expect(verdict({ ...latency, value: 0.2 })).toBe("met");
    expect(verdict({ ...latency, value: 1900 })).toBe("missed");
  });

  it("neither meets nor misses a figure without a goal", () => {
    expect(verdict({ ...latency, goal: null })).toBe("info");
    expect(verdict({ ...latency, goal: null, value: Number.NaN })).toBe("info");
  });

  it("misses a goal whose value was not measured, whichever way is better", () => {
    expect(verdict({ ...pages, value: Number.NaN })).toBe("missed");
    expect(verdict({ ...latency, value: Number.NaN })).toBe("missed");
    expect(verdict({ ...latency, value: Number.POSITIVE_INFINITY })).toBe("missed");
  });

  it("judges a goal of zero (no errors) as met only at zero", () => {
    const errors: BenchFigure = { name: "errors", value: 0, unit: "", goal: 0, better: "lower" };
    expect(verdict(errors)).toBe("met");
    expect(verdict({ ...errors, value: 3 })).toBe("missed");
  });
});

describe("a goal in the table", () => {
  it("says which way the goal points, and a yes/no goal as the answer wanted", () => {
    expect(formatGoal(pages)).toBe("≥ 500 pages/s");
    expect(formatGoal(latency)).toBe("≤ 50 ms");
    expect(formatGoal({ ...pages, unit: "yes/no", goal: 1 })).toBe("yes");
    expect(formatGoal({ ...latency, goal: null })).toBe("—");
  });
});
