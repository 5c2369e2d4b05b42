import { describe, expect, it } from "vitest";
import { commandTable } from "../../cli/main.ts";

// `kaimen --help` prints the table's summaries without loading the commands; each command module
// still names itself, so the two must agree, or the help would describe another command.
describe("the kaimen command table", () => {
  it("loads, for each name, the command of that name with the summary the help shows", async () => {
    const names = commandTable.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of commandTable) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({
        name: entry.name,
        summary: entry.summary,
      });
      expect(command.usage).toMatch(/^Usage: kaimen /);
    }
  }, 60_000);
});
