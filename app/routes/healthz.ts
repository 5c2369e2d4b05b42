import { pingDatabase } from "../../db/queries/health.ts";
import { probe } from "../lib/probe.server.ts";
import type { Route } from "./+types/healthz";

/** How long the informative database probe may take; liveness never waits longer. */
const DATABASE_PROBE_MS = 1000;

/**
 * Liveness (CONTRACTS.md: the process is alive): 200 whenever the process can answer, so a
 * database outage or a down search engine never gets a healthy process restarted. It stays
 * cheap; the database line is informative only. Readiness (database, migrations, search outbox)
 * is /readyz.
 */
export async function loader({ context }: Route.LoaderArgs) {
  const database = await probe(() => pingDatabase(context.db), DATABASE_PROBE_MS);
  return Response.json(
    {
      status: "ok",
      uptimeSeconds: Math.round(process.uptime()),
      database: {
        kind: context.dbKind,
        ok: database.ok,
        latencyMs: database.latencyMs,
        ...(database.ok ? {} : { error: database.error === "timeout" ? "timeout" : "unreachable" }),
      },
      search: { engine: context.search?.name ?? "embedded" },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
