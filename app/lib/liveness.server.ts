import { pingDatabase } from "../../db/queries/health.ts";
import type { AppContext } from "../context.ts";
import { probe, type ProbeOutcome } from "./probe.server.ts";

/** How long the informative database probe may take; liveness never waits longer. */
const DATABASE_PROBE_MS = 1000;

/** Probes the database within DATABASE_PROBE_MS. */
export function probeDatabase(db: AppContext["db"]): Promise<ProbeOutcome<unknown>> {
  return probe(() => pingDatabase(db), DATABASE_PROBE_MS);
}

/**
 * The body of /healthz (app/routes/healthz.ts, and the server's own fast answer): the process is
 * alive, with the database probe's outcome for information.
 */
export function livenessBody(
  facts: { dbKind: string; searchEngine?: string },
  database: ProbeOutcome<unknown>,
) {
  return {
    status: "ok",
    uptimeSeconds: Math.round(process.uptime()),
    database: {
      kind: facts.dbKind,
      ok: database.ok,
      latencyMs: database.latencyMs,
      ...(database.ok ? {} : { error: database.error === "timeout" ? "timeout" : "unreachable" }),
    },
    search: { engine: facts.searchEngine ?? "embedded" },
  };
}
