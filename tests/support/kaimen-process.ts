import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../config/env.ts";

// A `kaimen` command run as its own process, the way an operator runs it (bin/kaimen.js, the
// compiled runtime), for the tests of what only separate processes show: a worker beside the
// web, two web processes on one database, logs, metrics and stopping on a signal.

/** A started `kaimen` process, and what it has printed so far. */
export interface KaimenProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** What `ready` matched in stdout (e.g. the port of `listening on N`). */
  match: RegExpExecArray;
}

/**
 * Starts `kaimen <args>` with `env` over quiet defaults (no demo, no mail, no Meilisearch, rate
 * limits off, any free port on 127.0.0.1); resolves once stdout matches `ready`.
 */
export function startKaimen(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<KaimenProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, "bin", "kaimen.js"), ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      MEILI_URL: "",
      SMTP_URL: "",
      KAIMEN_DEMO: "0",
      KAIMEN_RATE_LIMIT: "off",
      PORT: "0",
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kaimen ${args[0]} did not start:\n${err}`)),
      120_000,
    );
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, stdout: () => out, stderr: () => err, exited, match });
      }
    });
    void exited.then((code) => reject(new Error(`kaimen ${args[0]} exited (${code}):\n${err}`)));
  });
}

/** Sends SIGTERM (unless it has exited) and resolves with the exit code. */
export function stopKaimen(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}
