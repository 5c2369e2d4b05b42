import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { ConsultationNotices } from "../../app/components/consultation-notices.tsx";
import { Countdown } from "../../app/components/countdown.tsx";

/** Renders a component as the server would, inside a router, in Chinese (the default). */
function render(element: React.ReactElement): string {
  const Stub = createRoutesStub([{ path: "/", Component: () => element }]);
  return renderToString(createElement(Stub, { initialEntries: ["/"] }));
}

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "");

describe("what a consultation's page says about its period (server-rendered)", () => {
  it("says when an upcoming one opens, that a closed one takes no more opinions, and shows extensions", () => {
    expect(
      text(
        render(
          createElement(ConsultationNotices, {
            status: "upcoming",
            opensAt: "2030-03-01T01:00:00Z",
            closesAt: "2030-03-31T10:00:00Z",
            notices: [],
          }),
        ),
      ),
    ).toContain("本次征求意见尚未开始，将于 2030年3月1日 09:00 开始接收意见。");
    const closed = text(
      render(
        createElement(ConsultationNotices, {
          status: "closed",
          opensAt: "2030-03-01T01:00:00Z",
          closesAt: "2030-03-31T10:00:00Z",
          notices: [
            {
              id: "n1",
              kind: "deadline_extended",
              body: "应要求延长。",
              new_closes_at: "2030-03-31T10:00:00Z",
              created_at: "2030-03-20T02:00:00Z",
            },
          ],
        }),
      ),
    );
    expect(closed).toContain("本次征求意见已于 2030年3月31日 18:00 截止，不再接收新的意见。");
    expect(closed).toContain("征求意见截止时间已延长至 2030年3月31日 18:00。");
    expect(closed).toContain("应要求延长。");
    expect(
      text(
        render(
          createElement(ConsultationNotices, {
            status: "open",
            opensAt: "2030-03-01T01:00:00Z",
            closesAt: "2030-03-31T10:00:00Z",
            notices: [],
          }),
        ),
      ),
    ).toBe("");
  });

  it("renders the countdown from the loader's clock, so the page without JavaScript shows it", () => {
    const now = Date.parse("2030-03-01T00:00:00Z");
    const at = (ms: number) =>
      text(render(createElement(Countdown, { target: new Date(now + ms), now })));
    const H = 3_600_000;
    expect(at(2 * 24 * H + 5 * H + 59_000)).toBe("剩余 2 天 5 小时");
    expect(at(5 * H + 30 * 60_000)).toBe("剩余 5 小时 30 分钟");
    expect(at(90_000)).toBe("剩余 2 分钟");
    expect(at(-1)).toBe("已截止");
    expect(
      text(
        render(
          createElement(Countdown, { target: new Date(now + 3 * 24 * H), now, kind: "opens" }),
        ),
      ),
    ).toBe("3 天 0 小时后开始");
  });
});
