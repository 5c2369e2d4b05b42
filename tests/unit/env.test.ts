import { describe, expect, it } from "vitest";
import { readEnv } from "../../config/env.ts";

describe("KAIMEN_TRUST_PROXY", () => {
  const trust = (value: string | undefined) => readEnv({ KAIMEN_TRUST_PROXY: value }).trustProxy;

  it("trusts nobody by default or with 0", () => {
    expect(trust(undefined)).toBe(0);
    expect(trust("0")).toBe(0);
  });

  it("reads a number as that many proxy hops in front of the app", () => {
    expect(trust("1")).toBe(1);
    expect(trust("2")).toBe(2);
  });

  it("reads a comma-separated list of proxy addresses, networks and named ranges", () => {
    expect(trust("10.0.0.1, 10.0.0.0/8,::1 , fd00::/8,loopback")).toEqual([
      "10.0.0.1",
      "10.0.0.0/8",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
  });

  it.each(["true", "yes", "-1", "1.5", "10.0.0.0/33", "::1/129", "proxy.example", "10.0.0.1,,"])(
    "stops start-up on %j with a message naming the variable",
    (value) => {
      expect(() => trust(value)).toThrow(/KAIMEN_TRUST_PROXY: .*hops.*addresses/s);
      expect(() => trust(value)).toThrow(`not "${value}"`);
    },
  );
});

describe("SMTP_URL and SMTP_FROM", () => {
  it("are optional: without SMTP_URL the mail goes to stderr, from the default sender", () => {
    const env = readEnv({});
    expect(env.smtpUrl).toBeUndefined();
    expect(env.smtpFrom).toBe("开门立法 <noreply@kaimen.local>");
  });

  it.each(["smtp://mail.example.org:587", "smtps://user:p%40ss@mail.example.org:465"])(
    "take an SMTP server's address: %s",
    (url) => {
      const env = readEnv({ SMTP_URL: url, SMTP_FROM: "南通人大 <lf@nantong.example>" });
      expect(env.smtpUrl).toBe(url);
      expect(env.smtpFrom).toBe("南通人大 <lf@nantong.example>");
    },
  );

  // An address that passed start-up and failed only when a drafter published a handling: the
  // transaction had committed, the request answered 500 and the remaining mail was not sent.
  it.each(["mail.example.org", "http://mail.example.org", "smtp://", "smtp:// bad host", "::"])(
    "stop start-up on %j with a message naming SMTP_URL",
    (url) => {
      expect(() => readEnv({ SMTP_URL: url })).toThrow(/SMTP_URL: .*smtp:\/\/ or smtps:\/\//);
    },
  );

  it("stops start-up on a sender too short to be an address", () => {
    expect(() => readEnv({ SMTP_FROM: "x" })).toThrow(/SMTP_FROM/);
  });
});

describe("KAIMEN_PDF_FONT", () => {
  it("names the font the comparison PDF draws Chinese with, or none", () => {
    expect(readEnv({}).pdfFont).toBeUndefined();
    expect(readEnv({ KAIMEN_PDF_FONT: "fonts/cjk.ttf" }).pdfFont).toMatch(/fonts\/cjk\.ttf$/);
  });
});
