import { createHash } from "node:crypto";
import { hearingStances, type HearingStance } from "../db/codes.ts";

// The draw of a hearing's speakers (听证陈述人遴选): transparent, reproducible, and balanced by
// stance. It is a pure function of (seed, registration numbers, stances, seats, reserves) with
// no I/O, so the public page can publish every input and anyone can re-run it (the unit test
// tests/unit/hearing-draw.test.ts does, from the published seed and list; so does
// `kaimen hearing-draw`).
//
// Commit-reveal: when the hearing is announced the server draws a random 32-byte seed and
// publishes its SHA-256 before anyone registers; at the draw it reveals the seed. Whoever runs
// the draw cannot pick a seed after seeing who registered, and anyone can check
// SHA-256(seed) against the hash published beforehand.
//
// The algorithm, step by step:
// 1. Rank. Within each stance (for, against, other) order the registrations by the hex string
//    SHA-256("<seed>:<number>") ascending (the registration number in decimal); equal hashes,
//    which do not happen in practice, fall back to the smaller number. The input's order plays
//    no part.
// 2. Share the seats. S = min(seats, registrations). Seats are split evenly among the stances
//    that registered: each stance still wanting seats gets floor(R / k) of the R seats left
//    (k such stances), never more than it has registrations; repeat while that hands out
//    seats. The seats still left (fewer than k) go one each to the stances with the largest
//    remainder of registrations not yet seated; a tie goes to the stance earlier in the
//    order of SHA-256("<seed>:<stance>").
// 3. Select. Each stance's first n (its share) registrations in rank order are speakers
//    (陈述人). The speaking order takes them round-robin: the first of each stance in the order
//    for, against, other, then the second of each, and so on, so the sides alternate.
// 4. Reserves. Up to `reserves` of the rest, round-robin the same way over each stance's next
//    in rank, are reserves (候补), in that order of call; everyone else is not drawn.
// Cost: one SHA-256 per registration and a sort, O(n log n).

export interface DrawEntry {
  number: number;
  stance: HearingStance;
}

export interface DrawInput {
  /** 64 hex digits, as revealed. */
  seed: string;
  registrations: DrawEntry[];
  seats: number;
  reserves: number;
}

export interface DrawResult {
  /** Speakers in speaking order. */
  selected: DrawEntry[];
  /** Reserves in order of call. */
  reserves: DrawEntry[];
  /** Not drawn, by registration number. */
  notSelected: DrawEntry[];
  /** Seats each stance received. */
  seatsByStance: Record<HearingStance, number>;
}

/** SHA-256 of a string (UTF-8), as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The commitment published before registration: SHA-256 of the seed as written. */
export function seedCommitment(seed: string): string {
  return sha256Hex(seed);
}

/** Whether a revealed seed matches the hash published before. */
export function seedMatches(seed: string, hash: string): boolean {
  return sha256Hex(seed) === hash.toLowerCase();
}

/** A registration's rank key within its stance. */
export function rankKey(seed: string, number: number): string {
  return sha256Hex(`${seed}:${number}`);
}

function roundRobin(queues: DrawEntry[][], limit: number): DrawEntry[] {
  const out: DrawEntry[] = [];
  const cursors = queues.map(() => 0);
  while (out.length < limit) {
    let took = false;
    for (let i = 0; i < queues.length && out.length < limit; i++) {
      const next = queues[i]![cursors[i]!];
      if (next) {
        out.push(next);
        cursors[i]! += 1;
        took = true;
      }
    }
    if (!took) break;
  }
  return out;
}

/**
 * Runs the draw described above. Throws on input no hearing can have: a malformed seed,
 * a registration number given twice, seats below 1 or reserves below 0.
 */
export function drawSpeakers(input: DrawInput): DrawResult {
  if (!/^[0-9a-f]{64}$/.test(input.seed)) throw new Error("The seed must be 64 hex digits.");
  if (!Number.isInteger(input.seats) || input.seats < 1) throw new Error("Seats must be ≥ 1.");
  if (!Number.isInteger(input.reserves) || input.reserves < 0)
    throw new Error("Reserves must be ≥ 0.");
  const seen = new Set<number>();
  for (const r of input.registrations) {
    if (!Number.isInteger(r.number) || r.number < 1) throw new Error(`Bad number ${r.number}.`);
    if (!hearingStances.includes(r.stance)) throw new Error(`Bad stance ${String(r.stance)}.`);
    if (seen.has(r.number)) throw new Error(`Registration ${r.number} is listed twice.`);
    seen.add(r.number);
  }

  // 1. Rank within each stance.
  const ranked = hearingStances.map((stance) =>
    input.registrations
      .filter((r) => r.stance === stance)
      .map((r) => ({ entry: { number: r.number, stance }, key: rankKey(input.seed, r.number) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry.number - b.entry.number))
      .map((r) => r.entry),
  );

  // 2. Share the seats.
  const share = hearingStances.map(() => 0);
  let left = Math.min(input.seats, input.registrations.length);
  const wanting = () =>
    hearingStances.map((_, i) => i).filter((i) => share[i]! < ranked[i]!.length);
  for (;;) {
    const open = wanting();
    if (left === 0 || open.length === 0) break;
    const each = Math.floor(left / open.length);
    if (each === 0) break;
    for (const i of open) {
      const given = Math.min(each, ranked[i]!.length - share[i]!);
      share[i]! += given;
      left -= given;
    }
  }
  if (left > 0) {
    const tieBreak = (i: number) => sha256Hex(`${input.seed}:${hearingStances[i]}`);
    const order = wanting().sort((a, b) => {
      const remainder = ranked[b]!.length - share[b]! - (ranked[a]!.length - share[a]!);
      if (remainder !== 0) return remainder;
      return tieBreak(a) < tieBreak(b) ? -1 : 1;
    });
    for (const i of order.slice(0, left)) share[i]! += 1;
  }

  // 3. and 4. Speakers, then reserves, round-robin over the stances.
  const selected = roundRobin(
    ranked.map((list, i) => list.slice(0, share[i]!)),
    input.seats,
  );
  const rest = ranked.map((list, i) => list.slice(share[i]!));
  const reserves = roundRobin(rest, input.reserves);
  const taken = new Set([...selected, ...reserves].map((e) => e.number));
  const notSelected = input.registrations
    .filter((r) => !taken.has(r.number))
    .map((r) => ({ number: r.number, stance: r.stance }))
    .sort((a, b) => a.number - b.number);
  return {
    selected,
    reserves,
    notSelected,
    seatsByStance: { for: share[0]!, against: share[1]!, other: share[2]! },
  };
}
