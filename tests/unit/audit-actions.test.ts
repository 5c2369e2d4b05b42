import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES } from "../../db/queries/audit.ts";
import { moderationActions } from "../../services/moderation.ts";

// The administrator's audit filter offers AUDIT_ACTIONS and AUDIT_SUBJECT_TYPES: an action a
// service writes but the list lacks could only be found by its family's prefix, so every
// literal the services write must be listed.

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => fs.readFileSync(path.join(projectRoot, dir, f), "utf8"));
}

describe("the audit filter's lists", () => {
  const text = [...sources("services"), ...sources("app")].join("\n");

  it("name every action the services and routes write", () => {
    const written = new Set(
      [...text.matchAll(/action: (?:[^"\n]*\? )?"([a-z_]+\.[a-z_]+)"/g)].map((m) => m[1]!),
    );
    for (const m of text.matchAll(/"([a-z_]+\.[a-z_]+)" : "([a-z_]+\.[a-z_]+)"/g))
      written.add(m[1]!).add(m[2]!);
    // Proposals are moderated with the opinions' actions (services/proposals.ts).
    for (const a of moderationActions) if (a !== "dismiss") written.add(`proposal.${a}`);
    expect(written.size).toBeGreaterThan(30);
    const missing = [...written].filter(
      (a) => !(AUDIT_ACTIONS as readonly string[]).includes(a) && !a.startsWith("handling."),
    );
    expect(missing).toEqual([]);
  });

  it("name every kind of object the services write about", () => {
    const types = new Set([...text.matchAll(/subjectType: "([a-z_]+)"/g)].map((m) => m[1]!));
    expect(types.size).toBeGreaterThan(8);
    expect(
      [...types].filter((t) => !(AUDIT_SUBJECT_TYPES as readonly string[]).includes(t)),
    ).toEqual([]);
  });
});
