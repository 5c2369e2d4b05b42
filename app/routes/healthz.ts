import { livenessBody, probeDatabase } from "../lib/liveness.server.ts";
import type { Route } from "./+types/healthz";

/**
 * Liveness (CONTRACTS.md: the process is alive): 200 whenever the process can answer, so a
 * database outage or a down search engine never gets a healthy process restarted. It stays
 * cheap; the database line is informative only. Readiness (database, migrations, search outbox)
 * is /readyz. The server answers /healthz itself before its middleware (server/server.ts), with
 * a database probe at most a second old; this route answers where no server runs (tests).
 */
export async function loader({ context }: Route.LoaderArgs) {
  const database = await probeDatabase(context.db);
  return Response.json(
    livenessBody({ dbKind: context.dbKind, searchEngine: context.search?.name }, database),
    { headers: { "Cache-Control": "no-store" } },
  );
}
