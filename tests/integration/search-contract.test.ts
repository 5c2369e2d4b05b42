import { embeddedEngine } from "../../search/embedded.ts";
import { describeSearchContract } from "../search-contract/suite.ts";
import { useTestDatabase } from "../support/database.ts";

const t = useTestDatabase();
describeSearchContract(`embedded engine on ${process.env.KAIMEN_TEST_DB ?? "pglite"}`, () =>
  embeddedEngine(t.handle.db),
);
