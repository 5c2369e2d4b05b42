import { migrations } from "../../db/migrations/index.ts";
import { appliedMigrations, pingDatabase } from "../../db/queries/health.ts";
import { outboxHealth } from "../../search/health.ts";
import { probe, type ProbeOutcome } from "../lib/probe.server.ts";
import type { Route } from "./+types/readyz";

/** Each check's time limit: a probe must answer before the load balancer gives up on it. */
const CHECK_MS = 2000;

const known = Object.keys(migrations).sort();

/** Why a check failed, in words safe to show anyone (no SQL, addresses or engine messages). */
function failure(outcome: ProbeOutcome<unknown>) {
  return outcome.ok ? null : outcome.error === "timeout" ? "timeout" : "unreachable";
}

/**
 * Readiness (CONTRACTS.md): 200 when the database answers, every migration this code knows is
 * applied, and the search outbox is within its bounds (search/health.ts: no row older than five
 * minutes, none failing three times in a row); 503 and status "degraded" otherwise, naming the
 * failing check. Engine messages stay in the outbox and the logs, not in this public answer.
 */
export async function loader({ context }: Route.LoaderArgs) {
  const db = context.db;
  const ping = await probe(() => pingDatabase(db), CHECK_MS);
  const database = {
    ok: ping.ok,
    kind: context.dbKind,
    latencyMs: ping.latencyMs,
    ...(ping.ok ? {} : { error: failure(ping) }),
  };
  const notChecked = { ok: false, error: "database_unavailable" } as const;
  let migrationsCheck: Record<string, unknown> = notChecked;
  let outboxCheck: Record<string, unknown> = notChecked;
  if (ping.ok) {
    const [applied, outbox] = await Promise.all([
      probe(() => appliedMigrations(db), CHECK_MS),
      probe(() => outboxHealth(db), CHECK_MS),
    ]);
    if (applied.ok) {
      const pending = known.filter((name) => !applied.value.has(name));
      migrationsCheck = { ok: pending.length === 0, pending };
    } else migrationsCheck = { ok: false, error: failure(applied) };
    outboxCheck = outbox.ok
      ? { ...outbox.value, engine: context.search?.name ?? "embedded" }
      : { ok: false, error: failure(outbox) };
  }
  const ready = database.ok && migrationsCheck.ok === true && outboxCheck.ok === true;
  return Response.json(
    {
      status: ready ? "ok" : "degraded",
      checks: { database, migrations: migrationsCheck, searchOutbox: outboxCheck },
    },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
