// The demo's expert review (issue 17 item 4): on the 动物防疫法 二审稿 consultation, a written
// consultation of the city's registry, with answers from three experts in the handling view
// under the 论证会/咨询 channel, one decline, and the public timeline entry naming nobody.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../cli/seed/demo.ts";
import { demoBillTitle } from "../../cli/seed/nantong.ts";
import { listExpertReviewTimelineEntries } from "../../db/queries/experts.ts";
import { useTestDatabase } from "../support/database.ts";

describe("the demo's expert review", () => {
  const t = useTestDatabase();
  beforeAll(async () => {
    await seedDemo(t.handle.db);
    // Seeding again adds nothing.
    await seedDemo(t.handle.db);
  }, 300_000);

  it("seeds a registry and a review of the 二审稿 whose answers are expert_meeting opinions", async () => {
    const db = t.handle.db;
    const experts = await db.selectFrom("experts").select(["field", "email"]).execute();
    expect(experts).toHaveLength(6);
    expect(experts.map((e) => e.field)).toEqual(
      expect.arrayContaining(["兽医学", "公共卫生", "法学（行政法）"]),
    );
    const review = await db
      .selectFrom("expert_reviews as r")
      .innerJoin("consultations as c", "c.id", "r.consultation_id")
      .innerJoin("versions as v", "v.id", "c.version_id")
      .select(["r.id", "r.kind", "v.label", "c.id as consultationId", "v.bill_id"])
      .executeTakeFirstOrThrow();
    expect(review).toMatchObject({ kind: "written", label: "second_reading" });
    const invitations = await db
      .selectFrom("expert_invitations")
      .select(["submitted_at", "declined_at"])
      .where("review_id", "=", review.id)
      .execute();
    expect(invitations).toHaveLength(5);
    expect(invitations.filter((i) => i.submitted_at)).toHaveLength(3);
    expect(invitations.filter((i) => i.declined_at)).toHaveLength(1);
    const opinions = await db
      .selectFrom("opinions")
      .select(["provision_pid", "respondent_type", "status", "provenance"])
      .where("consultation_id", "=", review.consultationId)
      .where("channel", "=", "expert_meeting")
      // The opinion demo has expert_meeting opinions of its own, recorded by hand.
      .where(
        "id",
        "in",
        db.selectFrom("expert_answers").select("opinion_id").where("opinion_id", "is not", null),
      )
      .execute();
    expect(opinions).toHaveLength(6);
    expect(opinions.filter((o) => o.provision_pid !== null)).toHaveLength(5);
    expect(opinions.every((o) => o.respondent_type === "expert" && o.status === "published")).toBe(
      true,
    );
    expect(opinions[0]!.provenance).toContain("书面咨询");
    const bill = await db
      .selectFrom("bills")
      .select("id")
      .where("title", "=", demoBillTitle)
      .executeTakeFirstOrThrow();
    expect(bill.id).toBe(review.bill_id);
    const timeline = await listExpertReviewTimelineEntries(db, bill.id);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.outcome).toEqual({
      key: "experts.timeline.outcome.written",
      values: { experts: 3, opinions: 6 },
    });
    expect(JSON.stringify(timeline)).not.toContain("experts.demo.kaimen.cn");
  });
});
