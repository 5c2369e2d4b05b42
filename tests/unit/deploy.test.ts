import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import routes from "../../app/routes.ts";
import { MEILISEARCH_TARGET_VERSION } from "../../cli/commands/search-check.ts";
import { commandTable } from "../../cli/main.ts";
import { envVariableNames, projectRoot, readEnv, requiredEnvVariables } from "../../config/env.ts";

// The deployment files (deploy/) are not run by any test here (no Docker engine, no systemd on
// these machines), so they are linted against the code instead: a command, a variable, a port
// or a probe renamed in the code and not in deploy/ fails this file, rather than a deployment.

const read = (file: string) => fs.readFileSync(path.join(projectRoot, "deploy", file), "utf8");
const commandNames = new Set(commandTable.map((c) => c.name));
const variableNames = new Set<string>(envVariableNames);

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  deploy?: { replicas?: number | string };
}
const compose = parse(read("compose.yaml"), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
/** The services that run Kaimen: their command is `kaimen <command>`. */
const kaimenServices = Object.entries(services).filter(([, s]) => s.command?.[0] === "kaimen");

/**
 * A value as Compose would pass it: `${X:-default}` takes its default, `${X:?message}` (a value
 * the operator must give) a stand-in that passes validation.
 */
function interpolate(value: unknown): string {
  return String(value)
    .replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, "$1")
    .replace(/\$\{[A-Z0-9_]+:\?[^}]*\}/g, "operator-secret");
}

/** The app's paths, from the route table (app/routes.ts). */
function routePaths(): Set<string> {
  const out = new Set<string>();
  const walk = (entries: readonly { path?: string; index?: boolean; children?: unknown }[]) => {
    for (const e of entries) {
      if (e.path !== undefined) out.add(`/${e.path}`);
      if (e.index) out.add("/");
      if (Array.isArray(e.children)) walk(e.children as typeof entries);
    }
  };
  walk(routes as never);
  return out;
}

/** Every `NAME=value` of the env example: set, or commented out (the default shown). */
function envExample() {
  const set = new Map<string, string>();
  const commented = new Map<string, string>();
  for (const line of read("kaimen.env.example").split("\n")) {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) (m[1] ? commented : set).set(m[2]!, m[3]!);
  }
  return { set, commented };
}

/** A systemd unit's settings, by key (repeated keys in order). */
function unit(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of read(path.join("systemd", file)).split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}
const unitFiles = fs.readdirSync(path.join(projectRoot, "deploy", "systemd"));

describe("deploy/compose.yaml", () => {
  it("runs migrate once, web replicas and one worker, each a command of the CLI's table", () => {
    expect(Object.fromEntries(kaimenServices.map(([name, s]) => [name, s.command]))).toEqual({
      migrate: ["kaimen", "migrate"],
      web: ["kaimen", "serve"],
      worker: ["kaimen", "worker"],
    });
    for (const [name, s] of kaimenServices) {
      expect(s.command, name).toHaveLength(2);
      expect(commandNames, `kaimen ${s.command![1]} (service ${name})`).toContain(s.command![1]);
    }
    for (const name of ["web", "worker"])
      expect(services[name]!.depends_on?.migrate).toEqual({
        condition: "service_completed_successfully",
      });
    expect(String(services.web!.deploy?.replicas)).toMatch(/^\$\{KAIMEN_WEB_REPLICAS:-[2-9]\}$/);
    expect(services.worker!.deploy?.replicas ?? 1).toBe(1);
  });

  it("sets only variables config/env.ts reads, every required one, with values it accepts", () => {
    for (const [name, s] of kaimenServices) {
      const env = s.environment ?? {};
      for (const key of Object.keys(env)) expect(variableNames, `${key} (${name})`).toContain(key);
      for (const key of [
        ...requiredEnvVariables,
        "DATABASE_URL",
        "MEILI_URL",
        "KAIMEN_TRUST_PROXY",
      ])
        expect(Object.keys(env), `${name} sets ${key}`).toContain(key);
      const values = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
      const parsed = readEnv(values);
      // nginx is the one proxy in front: its X-Forwarded-* are believed, nobody else's.
      expect(parsed.trustProxy, name).toBe(1);
      expect(new URL(parsed.databaseUrl!).hostname).toBe("postgres");
      expect(new URL(parsed.meiliUrl!).hostname).toBe("meilisearch");
    }
  });

  it("pins the Meilisearch release search:check targets, and PostgreSQL 16", () => {
    expect(services.meilisearch!.image).toBe(`getmeili/meilisearch:v${MEILISEARCH_TARGET_VERSION}`);
    expect(services.postgres!.image).toMatch(/^postgres:16(\b|$)/);
  });

  it("agrees on ports: the web's PORT, its health check, nginx's upstream and the image", () => {
    const port = readEnv(
      Object.fromEntries(
        Object.entries(services.web!.environment!).map(([k, v]) => [k, interpolate(v)]),
      ),
    ).port;
    expect(services.web!.healthcheck!.test.join(" ")).toContain(`http://127.0.0.1:${port}/`);
    expect(read("nginx.conf")).toMatch(new RegExp(`server web:${port}\\b`));
    expect(read("Dockerfile")).toMatch(new RegExp(`^EXPOSE ${readEnv({}).port}$`, "m"));
    const meiliPort = new URL(interpolate(services.web!.environment!.MEILI_URL)).port;
    expect(services.meilisearch!.healthcheck!.test.join(" ")).toContain(`:${meiliPort}/`);
    expect(new URL(interpolate(services.web!.environment!.DATABASE_URL)).port).toBe("5432");
    const listen = /^\s*listen (\d+);/m.exec(read("nginx.conf"))![1];
    expect(services.nginx!.ports!.some((p) => p.endsWith(`:${listen}`))).toBe(true);
  });

  it("checks health on paths the server answers", () => {
    const paths = routePaths();
    expect(paths).toContain("/healthz");
    expect(paths).toContain("/readyz");
    const probes = [services.web!, services.nginx!].flatMap((s) =>
      [...s.healthcheck!.test.join(" ").matchAll(/http:\/\/[^/\s'"]+(\/[^\s'")]*)/g)].map(
        (m) => m[1]!,
      ),
    );
    expect(probes).toEqual(["/readyz", "/healthz"]);
    for (const probe of probes) expect(paths).toContain(probe);
  });
});

describe("deploy/nginx.conf", () => {
  const conf = read("nginx.conf");

  it("passes the probes through uncached, to routes the server answers", () => {
    const paths = routePaths();
    for (const probe of ["/healthz", "/readyz"]) {
      const block = new RegExp(`location = ${probe} \\{([^}]*)\\}`).exec(conf)?.[1];
      expect(block, probe).toMatch(/proxy_cache off;/);
      expect(paths).toContain(probe);
    }
  });

  it("sets X-Forwarded-For and -Proto, and bypasses the cache for the app's session cookie", () => {
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    const cookie = /createCookie\("([^"]+)"/.exec(
      fs.readFileSync(path.join(projectRoot, "app", "auth", "session.server.ts"), "utf8"),
    )![1]!;
    expect(conf).toContain(`${cookie}=`);
    expect(conf).toMatch(/proxy_cache_bypass \$kaimen_signed_in/);
    expect(conf).toMatch(/proxy_no_cache \$kaimen_signed_in/);
    expect(conf).toMatch(/proxy_cache_revalidate on;/);
    expect(conf).toMatch(/^\s*gzip on;/m);
  });
});

describe("deploy/kaimen.env.example", () => {
  const { set, commented } = envExample();

  it("lists every variable config/env.ts reads, and no other", () => {
    expect([...set.keys(), ...commented.keys()].sort()).toEqual([...envVariableNames].sort());
    for (const key of [...requiredEnvVariables, "DATABASE_URL", "KAIMEN_TRUST_PROXY"])
      expect([...set.keys()], key).toContain(key);
  });

  it("parses: the values set together, and each default shown on its own", () => {
    const env = readEnv(Object.fromEntries(set));
    expect(env.trustProxy).toBe(1);
    for (const [key, value] of commented)
      expect(() => readEnv({ [key]: value }), key).not.toThrow();
  });
});

describe("deploy/systemd", () => {
  it("runs commands of the CLI's table, with variables config/env.ts reads", () => {
    expect(unitFiles.sort()).toEqual([
      "kaimen-migrate.service",
      "kaimen-web@.service",
      "kaimen-worker.service",
    ]);
    const ran: string[] = [];
    for (const file of unitFiles) {
      const u = unit(file);
      const exec = u.get("ExecStart")![0]!;
      const m = /\/bin\/kaimen\.js (\S+)$/.exec(exec);
      expect(m, `${file}: ${exec}`).not.toBeNull();
      expect(commandNames, `${file} runs kaimen ${m![1]}`).toContain(m![1]);
      ran.push(m![1]!);
      expect(u.get("EnvironmentFile")).toEqual(["/etc/kaimen/kaimen.env"]);
      for (const assignment of u.get("Environment") ?? []) {
        const name = assignment.split("=")[0]!;
        if (name !== "NODE_ENV") expect(variableNames, `${name} (${file})`).toContain(name);
      }
    }
    expect(ran.sort()).toEqual(["migrate", "serve", "worker"]);
    // The web unit is templated by port.
    expect(unit("kaimen-web@.service").get("Environment")).toContain("PORT=%i");
  });
});

describe("deploy/Dockerfile", () => {
  it("builds on Node 20 with npm ci and the build script, and runs a command of the table", () => {
    const file = read("Dockerfile");
    expect(file).toMatch(/^FROM node:20-bookworm-slim AS build$/m);
    expect(file).toMatch(/^RUN npm ci$/m);
    expect(file).toMatch(/^RUN npm run build$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.build).toBeTruthy();
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(file)![1]!) as string[];
    expect(cmd[0]).toBe("kaimen");
    expect(commandNames).toContain(cmd[1]);
  });
});
