// The demo's hearing (cli/seed/hearings.ts): on the 动物防疫法 二审稿 consultation, drawn in public
// (its published draw re-runs to the same outcome), held, and its report published as opinions
// of the hearing channel on articles of the reading.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../cli/seed/demo.ts";
import { demoBillTitle } from "../../cli/seed/nantong.ts";
import { listPublicRegistrations } from "../../db/queries/hearings.ts";
import { drawSpeakers, seedMatches } from "../../services/hearing-draw.ts";
import { useTestDatabase } from "../support/database.ts";

describe("the demo hearing", () => {
  const t = useTestDatabase();
  beforeAll(async () => {
    await seedDemo(t.handle.db);
    await seedDemo(t.handle.db);
  }, 300_000);

  it("is a drawn, held and reported hearing on the 二审稿 whose points are hearing opinions, once", async () => {
    const db = t.handle.db;
    const hearings = await db
      .selectFrom("hearings as h")
      .innerJoin("consultations as c", "c.id", "h.consultation_id")
      .innerJoin("versions as v", "v.id", "c.version_id")
      .innerJoin("bills as b", "b.id", "v.bill_id")
      .select([
        "h.id",
        "h.seed",
        "h.seed_hash",
        "h.speaker_seats",
        "h.reserve_seats",
        "h.report_published_at",
        "h.consultation_id",
        "v.label",
        "b.title",
      ])
      .execute();
    expect(hearings).toHaveLength(1);
    const h = hearings[0]!;
    expect(h.title).toBe(demoBillTitle);
    expect(h.label).toBe("second_reading");
    expect(h.report_published_at).not.toBeNull();
    expect(seedMatches(h.seed!, h.seed_hash!)).toBe(true);

    const registrations = await listPublicRegistrations(db, h.id);
    expect(new Set(registrations.map((r) => r.stance))).toEqual(
      new Set(["for", "against", "other"]),
    );
    const again = drawSpeakers({
      seed: h.seed!,
      registrations: registrations.map((r) => ({ number: r.number, stance: r.stance })),
      seats: h.speaker_seats,
      reserves: h.reserve_seats,
    });
    const selected = registrations
      .filter((r) => r.outcome === "selected")
      .sort((a, b) => a.position! - b.position!)
      .map((r) => r.number);
    expect(again.selected.map((e) => e.number)).toEqual(selected);

    const opinions = await db
      .selectFrom("hearing_report_points as p")
      .innerJoin("opinions as o", "o.id", "p.opinion_id")
      .select(["o.channel", "o.provision_pid", "o.consultation_id", "o.provenance"])
      .where("p.hearing_id", "=", h.id)
      .execute();
    expect(opinions.length).toBeGreaterThanOrEqual(selected.length);
    expect(
      opinions.every((o) => o.channel === "hearing" && o.consultation_id === h.consultation_id),
    ).toBe(true);
    expect(opinions.some((o) => o.provision_pid !== null)).toBe(true);
    expect(opinions[0]!.provenance).toContain("听证会");
  });
});
