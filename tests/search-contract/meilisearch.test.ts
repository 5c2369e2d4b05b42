// Runs only in the "meilisearch" project, which exists only when MEILI_URL is set.
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { Meilisearch } from "meilisearch";
import { meilisearchEngine } from "../../search/meilisearch.ts";
import { describeSearchContract } from "./suite.ts";

const indexUid = `kaimen_contract_${randomBytes(4).toString("hex")}`;
const engine = meilisearchEngine({
  url: process.env.MEILI_URL!,
  key: process.env.MEILI_KEY || undefined,
  indexUid,
});
describeSearchContract("Meilisearch", () => engine);

afterAll(async () => {
  const client = new Meilisearch({ host: process.env.MEILI_URL!, apiKey: process.env.MEILI_KEY });
  await client.deleteIndex(indexUid).waitTask();
});
