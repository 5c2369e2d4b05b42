/**
 * Resolves with the first SIGINT or SIGTERM, for `kaimen serve` and `kaimen worker` to stop
 * gracefully. A second signal while stopping (a person pressing Ctrl-C again, a supervisor out of
 * patience) exits at once, without waiting for the requests or the round in flight.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
