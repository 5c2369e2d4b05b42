import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order test files run in: every suite's files shuffled by the run's seed (a test may not
 * lean on what another file left behind), except the browser suite's. Its files drive one server
 * over one seeded demo and build on each other's traces of it (an opinion submitted, a word
 * added to the sensitive list), so they keep Vitest's own stable order, as they always ran.
 * Tests inside a file are shuffled by `sequence.shuffle.tests`; the browser files' describes opt
 * out with `{ shuffle: false }`.
 */
export default class ShuffleAllButBrowser extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const stable = await super.sort(files);
    const browser = stable.filter((f) => f.project.name === "browser");
    const rest = shuffled(
      stable.filter((f) => f.project.name !== "browser"),
      this.ctx.config.sequence.seed,
    );
    return [...rest, ...browser];
  }
}

/** Fisher–Yates with a small seeded generator (mulberry32): the same seed, the same order. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
