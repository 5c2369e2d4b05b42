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
