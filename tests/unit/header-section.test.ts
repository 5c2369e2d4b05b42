import { describe, expect, it } from "vitest";
import { activeSection, type Section } from "../../app/components/site-header.tsx";

// The header marks the section a page belongs to (issue 18): by its area first, so a drafter's
// page under /consultations/:id/ is 起草工作台's, not 征求意见's.

const drafter = new Set<Section>(["home", "consultations", "proposals", "workspace", "mine"]);
const handler = new Set<Section>(["home", "consultations", "proposals", "queue", "mine"]);
const both = new Set<Section>([...drafter, "queue"]);
const anonymous = new Set<Section>(["home", "consultations", "proposals", "login", "signup"]);
const area = (name: string) => ["root", `routes/layouts/${name}`, "routes/page"];

describe("the header's active section", () => {
  it("gives a drafter's pages under /consultations/:id/ to 起草工作台", () => {
    for (const path of ["/consultations/c1/handling", "/consultations/c1/statistics"])
      expect(activeSection(path, area("drafter"), drafter)).toBe("workspace");
  });

  it("gives them to 待我处理 for a handler, who has no 起草工作台", () => {
    expect(activeSection("/consultations/c1/handling", area("drafter"), handler)).toBe("queue");
  });

  it("marks 待我处理 alone on its own page", () => {
    expect(activeSection("/workspace/queue", area("drafter"), both)).toBe("queue");
    expect(activeSection("/workspace", area("drafter"), both)).toBe("workspace");
  });

  it("keeps the public pages by their path", () => {
    expect(activeSection("/consultations/c1", area("public"), drafter)).toBe("consultations");
    expect(activeSection("/consultations/c1/provisions/p1", area("public"), drafter)).toBe(
      "consultations",
    );
    expect(activeSection("/", area("public"), anonymous)).toBe("home");
    expect(activeSection("/login", area("public"), anonymous)).toBe("login");
    expect(activeSection("/me", area("public"), anonymous)).toBeNull();
    expect(activeSection("/search", area("public"), drafter)).toBeNull();
  });

  it("gives the other areas to their own sections", () => {
    const all = new Set<Section>([...both, "coordinator", "moderation", "admin"]);
    expect(activeSection("/coordinator/consultations/c1", area("coordinator"), all)).toBe(
      "coordinator",
    );
    expect(activeSection("/moderation/words", area("moderation"), all)).toBe("moderation");
    expect(activeSection("/admin/users", area("admin"), all)).toBe("admin");
  });
});
