import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The project root, whatever the working directory (this file sits one level below it). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  KAIMEN_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  MEILI_URL: z.string().url().optional(),
  MEILI_KEY: z.string().optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  KAIMEN_DEMO: z.enum(["0", "1"]).optional(),
  KAIMEN_RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  KAIMEN_TZ: z.string().min(1).default("Asia/Shanghai"),
  KAIMEN_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  KAIMEN_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  KAIMEN_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
});

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  meiliUrl: string | undefined;
  meiliKey: string | undefined;
  sessionSecret: string | undefined;
  demo: boolean;
  rateLimit: boolean;
  timeZone: string;
  trustProxy: boolean;
  /** Server processes sharing the port (node:cluster); more than one needs DATABASE_URL. */
  workers: number;
  /** Connections each process keeps to a PostgreSQL server at most. */
  dbPool: number;
};

/** Reads and validates the environment once; throws one error listing every bad variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  try {
    new Intl.DateTimeFormat("en", { timeZone: e.KAIMEN_TZ });
  } catch {
    throw new Error(`Invalid environment:\n  KAIMEN_TZ: unknown time zone "${e.KAIMEN_TZ}"`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.KAIMEN_DATA_DIR ? path.resolve(e.KAIMEN_DATA_DIR) : path.join(projectRoot, ".data"),
    databaseUrl: e.DATABASE_URL,
    meiliUrl: e.MEILI_URL,
    meiliKey: e.MEILI_KEY,
    sessionSecret: e.SESSION_SECRET,
    // The embedded default always gets the demo on an empty database; a server only on request.
    demo: e.DATABASE_URL ? e.KAIMEN_DEMO === "1" : e.KAIMEN_DEMO !== "0",
    rateLimit: e.KAIMEN_RATE_LIMIT === "on",
    timeZone: e.KAIMEN_TZ,
    trustProxy: e.KAIMEN_TRUST_PROXY === "1",
    workers: e.KAIMEN_WORKERS,
    dbPool: e.KAIMEN_DB_POOL,
  };
}
