import { sql } from "kysely";
import { indexerLag } from "../../search/indexer.ts";
import type { Route } from "./+types/healthz";

/** Liveness and database status, for load balancers and operators. */
export async function loader({ context }: Route.LoaderArgs) {
  const started = performance.now();
  try {
    await sql`select 1`.execute(context.db);
    const latencyMs = Math.round(performance.now() - started);
    const search = {
      engine: context.search?.name ?? "embedded",
      ...(await indexerLag(context.db)),
    };
    return Response.json(
      {
        status: "ok",
        database: { kind: context.dbKind, ok: true, latencyMs },
        search,
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return Response.json(
      {
        status: "error",
        database: { kind: context.dbKind, ok: false, error: (error as Error).message },
      },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
