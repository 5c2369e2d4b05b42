import { z } from "zod";
import { hearingStances } from "../../db/codes.ts";
import { drawSpeakers, seedMatches } from "../../services/hearing-draw.ts";
import { oneArgument, parseCommandLine, parseInput } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError, readInputFile } from "../errors.ts";

const usage = `Usage: kaimen hearing-draw FILE [--hash SHA256]

Re-runs a hearing's speaker draw (听证陈述人遴选) from what its page publishes, without opening
the database: FILE is the JSON the page shows under "the data of the draw",
  {"seed": "…64 hex…", "seats": 5, "reserves": 2,
   "registrations": [{"number": 1, "stance": "for" | "against" | "other"}, …]}
and the outcome is printed as JSON: speakers in speaking order, reserves in order of call, the
numbers not drawn and the seats per stance (the rules: services/hearing-draw.ts).

--hash   the SHA-256 published before registration closed; exit 1 if the seed does not match it`;

const DrawFile = z.object({
  seed: z.string().regex(/^[0-9a-f]{64}$/, "seed: 64 lowercase hex digits"),
  seats: z.number().int().min(1),
  reserves: z.number().int().min(0),
  registrations: z.array(
    z.object({ number: z.number().int().min(1), stance: z.enum(hearingStances) }),
  ),
});

export const hearingDraw: Command = {
  name: "hearing-draw",
  summary: "re-run a hearing's published speaker draw from its seed and list (JSON)",
  usage,
  async run(args) {
    const {
      positionals: [file],
      hash,
    } = parseCommandLine(
      args,
      { hash: { type: "string" } },
      z.object({
        positionals: oneArgument("give exactly one FILE"),
        hash: z.string().optional(),
      }),
    );
    const text = new TextDecoder().decode(readInputFile(file!)).replace(/^\uFEFF/, "");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new InputError(`${file} is not JSON`);
    }
    const input = parseInput(DrawFile, json);
    if (hash !== undefined && !seedMatches(input.seed, hash))
      throw new InputError("the seed does not match the published SHA-256");
    let result;
    try {
      result = drawSpeakers(input);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    process.stdout.write(
      `${JSON.stringify({
        selected: result.selected,
        reserves: result.reserves,
        notSelected: result.notSelected.map((e) => e.number),
        seatsByStance: result.seatsByStance,
      })}\n`,
    );
    return 0;
  },
};
