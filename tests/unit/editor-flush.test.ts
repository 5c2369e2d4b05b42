import { describe, expect, it } from "vitest";
import { flushBody, KEEPALIVE_BYTES } from "../../app/editor/collab-client.ts";

// The keepalive flush of a closing editor tab must fit the browsers' 64 KiB limit, or the
// browser refuses the whole request and every unsaved step is lost.

const step = (text: string) => ({
  stepType: "replace",
  from: 7,
  to: 7,
  slice: { content: [{ type: "text", text }] },
});
const bytes = (text: string) => new TextEncoder().encode(text).length;

describe("the flush body of a closing editor", () => {
  it("carries every step when they fit, in the save's own shape", () => {
    const steps = [step("为了"), step("规范")];
    const body = flushBody(4, "123", steps)!;
    expect(JSON.parse(body)).toEqual({ revision: 4, clientId: "123", steps });
  });

  it("sends the steps from the first that fit under the limit when all of them do not", () => {
    // Chinese text is three bytes a character in UTF-8: counted in bytes, not characters.
    const big = "法".repeat(8_000);
    const steps = [step("甲"), step(big), step(big), step(big)];
    const body = flushBody(0, "c", steps)!;
    expect(bytes(body)).toBeLessThanOrEqual(KEEPALIVE_BYTES);
    expect(JSON.parse(body).steps).toEqual(steps.slice(0, 3));
    // Exactly at the limit it still fits; one byte less and the last step stays behind.
    expect(flushBody(0, "c", steps, bytes(body))).toBe(body);
    expect(JSON.parse(flushBody(0, "c", steps, bytes(body) - 1)!).steps).toEqual(steps.slice(0, 2));
  });

  it("sends nothing when the first step alone is over the limit", () => {
    expect(flushBody(0, "c", [step("法".repeat(30_000)), step("甲")])).toBeNull();
  });
});
