/** A fresh provision id; random, so ids made on different machines never collide. */
export function newPid(): string {
  return globalThis.crypto.randomUUID();
}
