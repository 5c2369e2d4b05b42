import { demoAccounts } from "./nantong.ts";

/** Prints the demo accounts as a small table. */
export function printDemoAccounts(log: (line: string) => void): void {
  log("Demo accounts (演示账号):");
  const width = Math.max(...demoAccounts.map((a) => a.email.length));
  for (const a of demoAccounts)
    log(
      `  ${(("billRole" in a && a.billRole) || a.role).padEnd(12)} ${a.email.padEnd(width)}  ${a.password}`,
    );
}
