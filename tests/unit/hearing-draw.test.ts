import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import type { HearingStance } from "../../db/codes.ts";
import {
  drawSpeakers,
  rankKey,
  seedCommitment,
  seedMatches,
  type DrawEntry,
} from "../../services/hearing-draw.ts";

// The hearing draw (services/hearing-draw.ts) must be reproducible by anyone from what the
// hearing's page publishes: the seed, every registration's number and stance, and the seats.

interface Published {
  seedHash: string;
  seed: string;
  seats: number;
  reserves: number;
  registrations: DrawEntry[];
  published: {
    selected: number[];
    reserves: number[];
    seatsByStance: Record<HearingStance, number>;
  };
}

/** A draw as a hearing's page published it: its seed, list and outcome. */
const published = JSON.parse(
  fs.readFileSync(path.join(projectRoot, "tests/fixtures/hearing-draw.json"), "utf8"),
) as Published;

const SEED = "a".repeat(63) + "1";

function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function registrations(stances: HearingStance[]): DrawEntry[] {
  return stances.map((stance, i) => ({ number: i + 1, stance }));
}

describe("the hearing draw", () => {
  it("re-runs a published draw from its published seed and list and gets the same result", () => {
    expect(seedMatches(published.seed, published.seedHash)).toBe(true);
    const again = drawSpeakers({
      seed: published.seed,
      registrations: published.registrations,
      seats: published.seats,
      reserves: published.reserves,
    });
    expect(again.selected.map((e) => e.number)).toEqual(published.published.selected);
    expect(again.reserves.map((e) => e.number)).toEqual(published.published.reserves);
    expect(again.seatsByStance).toEqual(published.published.seatsByStance);
  });

  it("gives the same outcome whatever order the registrations come in", () => {
    const list = registrations(["for", "against", "for", "other", "against", "for", "other"]);
    const first = drawSpeakers({ seed: SEED, registrations: list, seats: 4, reserves: 2 });
    for (let i = 1; i <= 5; i++) {
      const again = drawSpeakers({
        seed: SEED,
        registrations: shuffled(list, i),
        seats: 4,
        reserves: 2,
      });
      expect(again).toEqual(first);
    }
  });

  it("splits the seats evenly among the stances that registered", () => {
    const list = registrations([
      ...Array<HearingStance>(10).fill("for"),
      ...Array<HearingStance>(3).fill("against"),
      ...Array<HearingStance>(2).fill("other"),
    ]);
    const r = drawSpeakers({ seed: SEED, registrations: list, seats: 6, reserves: 0 });
    expect(r.seatsByStance).toEqual({ for: 2, against: 2, other: 2 });
    // Speakers alternate: for, against, other, for, against, other.
    expect(r.selected.map((e) => e.stance)).toEqual([
      "for",
      "against",
      "other",
      "for",
      "against",
      "other",
    ]);
  });

  it("gives a stance's unusable seats to the others, and the leftover to the largest remainder", () => {
    const list = registrations([
      ...Array<HearingStance>(6).fill("for"),
      ...Array<HearingStance>(5).fill("against"),
      "other",
    ]);
    // 6 seats: 2 each, but other can use only 1; the one seat left cannot be split between for
    // and against, so it goes to for, which has more registrations still unseated (4 to 3).
    const r = drawSpeakers({ seed: SEED, registrations: list, seats: 6, reserves: 0 });
    expect(r.seatsByStance).toEqual({ for: 3, against: 2, other: 1 });
    // 7 seats: the two seats left after the first split go one each to for and against.
    const seven = drawSpeakers({ seed: SEED, registrations: list, seats: 7, reserves: 0 });
    expect(seven.seatsByStance).toEqual({ for: 3, against: 3, other: 1 });
  });

  it("only one stance registered: it takes every seat", () => {
    const list = registrations(Array<HearingStance>(5).fill("against"));
    const r = drawSpeakers({ seed: SEED, registrations: list, seats: 3, reserves: 1 });
    expect(r.seatsByStance).toEqual({ for: 0, against: 3, other: 0 });
    expect(r.reserves).toHaveLength(1);
    expect(r.notSelected).toHaveLength(1);
  });

  it("ranks within a stance by SHA-256 of seed:number, as the page explains", () => {
    const list = registrations(Array<HearingStance>(8).fill("for"));
    const r = drawSpeakers({ seed: SEED, registrations: list, seats: 3, reserves: 2 });
    const byHash = list
      .map((e) => e.number)
      .sort((a, b) => (rankKey(SEED, a) < rankKey(SEED, b) ? -1 : 1));
    expect(r.selected.map((e) => e.number)).toEqual(byHash.slice(0, 3));
    expect(r.reserves.map((e) => e.number)).toEqual(byHash.slice(3, 5));
    expect(r.notSelected.map((e) => e.number)).toEqual(byHash.slice(5).sort((a, b) => a - b));
  });

  it("seats everybody when fewer registered than there are seats", () => {
    const list = registrations(["for", "against"]);
    const r = drawSpeakers({ seed: SEED, registrations: list, seats: 5, reserves: 2 });
    expect(r.selected.map((e) => e.number).sort()).toEqual([1, 2]);
    expect(r.reserves).toEqual([]);
  });

  it("a different seed draws differently; the commitment is SHA-256 of the seed", () => {
    const list = registrations(Array<HearingStance>(20).fill("for"));
    const a = drawSpeakers({ seed: SEED, registrations: list, seats: 3, reserves: 0 });
    const b = drawSpeakers({ seed: "b".repeat(64), registrations: list, seats: 3, reserves: 0 });
    expect(a.selected).not.toEqual(b.selected);
    expect(seedCommitment(SEED)).toMatch(/^[0-9a-f]{64}$/);
    expect(seedMatches("b".repeat(64), seedCommitment(SEED))).toBe(false);
  });

  it("refuses a malformed seed or a registration number given twice", () => {
    expect(() => drawSpeakers({ seed: "xyz", registrations: [], seats: 1, reserves: 0 })).toThrow();
    expect(() =>
      drawSpeakers({
        seed: SEED,
        registrations: [
          { number: 1, stance: "for" },
          { number: 1, stance: "against" },
        ],
        seats: 1,
        reserves: 0,
      }),
    ).toThrow();
  });
});

describe("kaimen hearing-draw", () => {
  it("prints the published outcome from the page's JSON, and refuses a seed that does not match", async () => {
    const { hearingDraw } = await import("../../cli/commands/hearing-draw.ts");
    const file = path.join(projectRoot, "tests/fixtures/hearing-draw.json");
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await hearingDraw.run([file, "--hash", published.seedHash])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const out = JSON.parse(written.join("")) as { selected: DrawEntry[]; reserves: DrawEntry[] };
    expect(out.selected.map((e) => e.number)).toEqual(published.published.selected);
    expect(out.reserves.map((e) => e.number)).toEqual(published.published.reserves);
    await expect(hearingDraw.run([file, "--hash", "0".repeat(64)])).rejects.toThrow(
      /does not match/,
    );
  });
});
