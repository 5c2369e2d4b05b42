import { isIP } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The project root, whatever the working directory (this file sits one level below it). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Which proxies' X-Forwarded-For and X-Forwarded-Proto to believe. Express (via proxy-addr)
// walks X-Forwarded-For from the right, skipping trusted proxies; the first address it does not
// trust is the client. So "1" (one proxy in front of the app) takes the address that proxy saw
// and appended, and a client's own forged entries further left are never read. "true", which
// took the leftmost entry, is refused: it let anyone choose their address.
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .default("0")
  .transform((value, ctx): number | string[] => {
    const trimmed = value.trim();
    if (/^\d{1,2}$/.test(trimmed)) return Number(trimmed);
    const entries = trimmed.split(",").map((e) => e.trim());
    if (entries.every(isProxyAddress)) return entries;
    ctx.addIssue({
      code: "custom",
      message:
        "must be a number of proxy hops in front of the app (0 = none, 1 = one reverse proxy) " +
        "or a comma-separated list of proxy addresses (IP, CIDR, loopback, linklocal, uniquelocal), " +
        `not "${value}"`,
    });
    return z.NEVER;
  });

// The SMTP server of notification e-mails, checked here so that a mistyped address stops
// start-up: checked only when the first mail went out, it failed a drafter's request after the
// change it announced had committed. Credentials in it are percent-encoded (RFC 3986).
const smtpUrl = z.string().transform((value, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "")
    return value;
  ctx.addIssue({
    code: "custom",
    message: `must be an SMTP server's address starting with smtp:// or smtps:// (for example smtps://user:pass@mail.example.org:465), not "${value}"`,
  });
  return z.NEVER;
});

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
  KAIMEN_TRUST_PROXY: trustProxy,
  KAIMEN_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  KAIMEN_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: smtpUrl.optional(),
  SMTP_FROM: z
    .string()
    .min(3, "must be a sender address")
    .default("开门立法 <noreply@kaimen.local>"),
  KAIMEN_SMS_SENDER: z.enum(["log"]).default("log"),
  KAIMEN_PDF_FONT: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  KAIMEN_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  KAIMEN_READY_SEARCH_LAG: z.coerce.number().int().min(1).default(300),
  KAIMEN_READY_MAIL_LAG: z.coerce.number().int().min(1).default(900),
  KAIMEN_SHUTDOWN_GRACE: z.coerce.number().int().min(0).max(600).default(10),
});

/**
 * Every variable `readEnv` reads, in the schema's order. The deployment files (deploy/) are
 * linted against this list (tests/unit/deploy.test.ts), so a renamed variable fails that test
 * instead of being silently ignored by a server started from an old compose file.
 */
export const envVariableNames = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** The variables start-up cannot do without: neither optional nor given a default. */
export const requiredEnvVariables = envVariableNames.filter(
  (name) => !schema.shape[name].safeParse(undefined).success,
);

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
  /**
   * The proxies whose X-Forwarded-* headers are believed: a number of hops in front of the app
   * (0: none, the socket's address is the client's) or the proxies' addresses and networks.
   */
  trustProxy: number | string[];
  /** Server processes sharing the port (node:cluster); more than one needs DATABASE_URL. */
  workers: number;
  /** Connections each process keeps to a PostgreSQL server at most. */
  dbPool: number;
  /** The SMTP server of notification e-mails; without one they are written to stderr. */
  smtpUrl: string | undefined;
  /** The sender of notification e-mails. */
  smtpFrom: string;
  /** The sender of text messages (services/sms.ts); "log" writes them to the worker's log. */
  smsSender: "log";
  /** A font file that draws Chinese, tried before the system's Noto CJK fonts (comparison PDF). */
  pdfFont: string | undefined;
  /** The lowest level of the JSON log lines on stdout (server/logging.ts). */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** A bearer token that opens /metrics from any address (private addresses need none). */
  metricsToken: string | undefined;
  /** /readyz fails when an outbox's oldest waiting row is older than this (seconds). */
  readySearchLagSeconds: number;
  readyMailLagSeconds: number;
  /** Seconds a stopping server lets requests in flight finish before it cuts them. */
  shutdownGraceSeconds: number;
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
    trustProxy: e.KAIMEN_TRUST_PROXY,
    workers: e.KAIMEN_WORKERS,
    dbPool: e.KAIMEN_DB_POOL,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    smsSender: e.KAIMEN_SMS_SENDER,
    pdfFont: e.KAIMEN_PDF_FONT ? path.resolve(e.KAIMEN_PDF_FONT) : undefined,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.KAIMEN_METRICS_TOKEN,
    readySearchLagSeconds: e.KAIMEN_READY_SEARCH_LAG,
    readyMailLagSeconds: e.KAIMEN_READY_MAIL_LAG,
    shutdownGraceSeconds: e.KAIMEN_SHUTDOWN_GRACE,
  };
}

/**
 * React picks its development or production build from NODE_ENV when it is first loaded: the
 * server (server/production-mode.ts) defaults it to production before anything loads React. A
 * test run (NODE_ENV=test) or an explicit setting is kept.
 */
export function defaultToProductionMode(): void {
  process.env.NODE_ENV ??= "production";
}

/** This process's environment with `overrides`, for a child process (the build). */
export function childEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
