import { migrations } from "../../db/migrations/index.ts";
import { appliedMigrations, pingDatabase } from "../../db/queries/health.ts";
import { mailOutboxLag } from "../../services/mail-delivery.ts";
import { OUTBOX_BOUNDS, outboxHealth } from "../../search/health.ts";
import { probe, type ProbeOutcome } from "../lib/probe.server.ts";
import type { Route } from "./+types/readyz";

/** Each check's time limit: a probe must answer before the load balancer gives up on it. */
const CHECK_MS = 2000;

const known = Object.keys(migrations).sort();

/** The outboxes' lag bounds without a server's configuration (config/env.ts has the same defaults). */
const DEFAULT_BOUNDS = { searchLagSeconds: OUTBOX_BOUNDS.maxAgeSeconds, mailLagSeconds: 900 };

/** Why a check failed, in words safe to show anyone (no SQL, addresses or engine messages). */
function failure(outcome: ProbeOutcome<unknown>) {
  return outcome.ok ? null : outcome.error === "timeout" ? "timeout" : "unreachable";
}

/**
 * Readiness (CONTRACTS.md): 200 when the database answers, every migration this code knows is
 * applied, the search outbox is within its bounds (no row older than KAIMEN_READY_SEARCH_LAG
 * seconds, none failing three times in a row: search/health.ts) and the mail outbox too (no
 * message waiting longer than KAIMEN_READY_MAIL_LAG); 503 and status "degraded" otherwise, naming
 * the failing check. Engine messages stay in the outbox and the logs, not in this public answer.
 *
 * It stays a route, not a listener before Express like /healthz: it is asked every few seconds,
 * not hundreds of times a second, its cost is its database reads (not Express's stack), and as a
 * route it answers where no server runs (tests) from the same code.
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
  let mailCheck: Record<string, unknown> = notChecked;
  const bounds = context.readiness ?? DEFAULT_BOUNDS;
  if (ping.ok) {
    const [applied, outbox, mail] = await Promise.all([
      probe(() => appliedMigrations(db), CHECK_MS),
      probe(() => outboxHealth(db), CHECK_MS),
      probe(() => mailOutboxLag(db), CHECK_MS),
    ]);
    if (applied.ok) {
      const pending = known.filter((name) => !applied.value.has(name));
      migrationsCheck = { ok: pending.length === 0, pending };
    } else migrationsCheck = { ok: false, error: failure(applied) };
    outboxCheck = outbox.ok
      ? {
          ...outbox.value,
          ok:
            outbox.value.failingBeyondBound === 0 &&
            outbox.value.oldestSeconds <= bounds.searchLagSeconds,
          bounds: { ...outbox.value.bounds, maxAgeSeconds: bounds.searchLagSeconds },
          engine: context.search?.name ?? "embedded",
        }
      : { ok: false, error: failure(outbox) };
    mailCheck = mail.ok
      ? {
          ok: mail.value.oldestSeconds <= bounds.mailLagSeconds,
          ...mail.value,
          bounds: { maxAgeSeconds: bounds.mailLagSeconds },
        }
      : { ok: false, error: failure(mail) };
  }
  const ready =
    database.ok && migrationsCheck.ok === true && outboxCheck.ok === true && mailCheck.ok === true;
  return Response.json(
    {
      status: ready ? "ok" : "degraded",
      checks: {
        database,
        migrations: migrationsCheck,
        searchOutbox: outboxCheck,
        mailOutbox: mailCheck,
      },
    },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
