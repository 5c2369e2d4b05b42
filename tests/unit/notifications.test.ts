import { afterEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { configureMail, sendMails, useMailTransport } from "../../services/notifications.ts";

describe("notification e-mails", () => {
  let stderr: MockInstance | null = null;
  const captureStderr = () => {
    const written: string[] = [];
    stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    return written;
  };
  afterEach(() => {
    useMailTransport(null);
    configureMail({ from: "开门立法 <noreply@kaimen.local>" });
    stderr?.mockRestore();
    stderr = null;
  });

  it("are written to stderr when no SMTP server is configured", async () => {
    configureMail({ from: "南通人大 <lf@nantong.example>" });
    const written = captureStderr();
    await sendMails([
      { to: "li@example.org", subject: "您的意见有了处理结果", text: "处理情况：采纳。" },
    ]);
    const out = written.join("");
    expect(out).toContain("[mail] From: 南通人大 <lf@nantong.example>");
    expect(out).toContain("[mail] To: li@example.org");
    expect(out).toContain("[mail] Subject: 您的意见有了处理结果");
    expect(out).toContain("[mail] 处理情况：采纳。");
  });

  it("never fail the change they announce: a refused send is logged and the others still go", async () => {
    const sent: string[] = [];
    useMailTransport({
      async sendMail(message) {
        if (message.to === "down@example.org") throw new Error("connection refused");
        sent.push(message.to);
      },
    });
    const written = captureStderr();
    await sendMails([
      { to: "down@example.org", subject: "a", text: "a" },
      { to: "up@example.org", subject: "b", text: "b" },
    ]);
    expect(sent).toEqual(["up@example.org"]);
    expect(written.join("")).toContain("could not send to down@example.org: connection refused");
  });

  it("go to the SMTP server configured at start-up (none listens here: the refusal is logged)", async () => {
    configureMail({ smtpUrl: "smtp://127.0.0.1:1", from: "开门立法 <noreply@kaimen.local>" });
    const written = captureStderr();
    await sendMails([{ to: "li@example.org", subject: "a", text: "a" }]);
    const out = written.join("");
    expect(out).not.toContain("[mail] To:");
    expect(out).toContain("could not send to li@example.org");
  });
});
