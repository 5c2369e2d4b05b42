import { afterEach, beforeEach, vi } from "vitest";

// An unexpected console.error is a bug the user would meet; a test that expects one spies on it.
let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  const seen = errors;
  vi.mocked(console.error).mockRestore();
  if (seen.length > 0) {
    throw new Error(
      `Unexpected console.error: ${seen.map((a) => a.map(String).join(" ")).join("\n")}`,
    );
  }
});
