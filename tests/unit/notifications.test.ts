import { afterEach, describe, expect, it, vi, type MockInstance } from "vitest";
import {
  configureMail,
  mailSender,
  mailTransport,
  useMailTransport,
} from "../../services/notifications.ts";

// The transport the delivery loop hands messages to (services/mail-delivery.ts); what happens
// when it refuses is tested with the outbox, in tests/integration/mail-delivery.test.ts.
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
    await mailTransport().sendMail({
      from: mailSender(),
      to: "li@example.org",
      subject: "您的意见有了处理结果",
      text: "处理情况：采纳。",
      messageId: "<mail-outbox-7@nantong.example>",
    });
    const out = written.join("");
    expect(out).toContain("[mail] From: 南通人大 <lf@nantong.example>");
    expect(out).toContain("[mail] To: li@example.org");
    expect(out).toContain("[mail] Subject: 您的意见有了处理结果");
    expect(out).toContain("[mail] Message-ID: <mail-outbox-7@nantong.example>");
    expect(out).toContain("[mail] 处理情况：采纳。");
  });

  it("go to the SMTP server configured at start-up (none listens here: the send is refused)", async () => {
    configureMail({ smtpUrl: "smtp://127.0.0.1:1", from: "开门立法 <noreply@kaimen.local>" });
    const written = captureStderr();
    await expect(
      mailTransport().sendMail({
        from: mailSender(),
        to: "li@example.org",
        subject: "a",
        text: "a",
      }),
    ).rejects.toThrow();
    expect(written.join("")).not.toContain("[mail] To:");
  });

  it("can be replaced for a test and put back", async () => {
    const caught: string[] = [];
    useMailTransport({
      async sendMail(message) {
        caught.push(message.to);
      },
    });
    await mailTransport().sendMail({
      from: mailSender(),
      to: "li@example.org",
      subject: "a",
      text: "a",
    });
    expect(caught).toEqual(["li@example.org"]);
    useMailTransport(null);
    const written = captureStderr();
    await mailTransport().sendMail({
      from: mailSender(),
      to: "wang@example.org",
      subject: "b",
      text: "b",
    });
    expect(written.join("")).toContain("[mail] To: wang@example.org");
  });
});
