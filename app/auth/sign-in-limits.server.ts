import { createHash } from "node:crypto";
import { clearRateLimit, hitRateLimit, rateLimitCount } from "../../db/queries/rate-limits.ts";
import type { AppContext } from "../context.ts";
import type { MessageKey } from "../i18n/index.ts";

// Sign-in limits per account and per address (issue 18 item 8). A single limit per address
// locked out a whole office or training room behind one NAT address after ten attempts, while a
// guesser spreading over addresses was not slowed on the account they targeted. Now:
// - an account takes 5 wrong passwords in 15 minutes; then it refuses every attempt (even the
//   right password) until the window ends, whichever address they come from, and only it;
// - an address takes 50 wrong passwords in 15 minutes (a room of people mistyping is far below,
//   a guesser trying many accounts from one machine is stopped), and 200 attempts of any kind in
//   5 minutes (a flood).
// A successful sign-in forgets the account's wrong passwords. The counters are rows of
// rate_limits, shared by every instance; an account is counted under a hash of its address, so
// the table holds no e-mail addresses.

export const signInLimits = {
  accountFailures: [5, 900],
  addressFailures: [50, 900],
  addressAttempts: [200, 300],
} as const satisfies Record<string, readonly [number, number]>;

export interface SignInRefusal {
  message: MessageKey;
  minutes: number;
  retryAfter: number;
}

const accountKey = (email: string) =>
  `signIn:account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
const addressKey = (ctx: AppContext, what: string) => `signIn:${what}:${ctx.clientIp}`;

const refusal = (message: MessageKey, retryAfter: number): SignInRefusal => ({
  message,
  retryAfter,
  minutes: Math.max(1, Math.ceil(retryAfter / 60)),
});

/** Counts the attempt against the address and says whether it may go on (null) or why not. */
export async function signInAttempt(ctx: AppContext): Promise<SignInRefusal | null> {
  if (!ctx.rateLimit) return null;
  const [limit, window] = signInLimits.addressAttempts;
  const hit = await hitRateLimit(ctx.db, addressKey(ctx, "ip"), limit, window);
  return hit.allowed ? null : refusal("auth.signIn.addressLimited", hit.retryAfter);
}

/** Whether the account, or the address, has had too many wrong passwords to try one more. */
export async function signInLocked(ctx: AppContext, email: string): Promise<SignInRefusal | null> {
  if (!ctx.rateLimit) return null;
  const [accountLimit, accountWindow] = signInLimits.accountFailures;
  const account = await rateLimitCount(ctx.db, accountKey(email), accountWindow);
  if (account.count >= accountLimit)
    return refusal("auth.signIn.accountLocked", account.retryAfter);
  const [addressLimit, addressWindow] = signInLimits.addressFailures;
  const address = await rateLimitCount(ctx.db, addressKey(ctx, "failed"), addressWindow);
  if (address.count >= addressLimit)
    return refusal("auth.signIn.addressLimited", address.retryAfter);
  return null;
}

/** Counts a wrong password against the account and the address. */
export async function signInFailed(ctx: AppContext, email: string): Promise<void> {
  if (!ctx.rateLimit) return;
  const [accountLimit, accountWindow] = signInLimits.accountFailures;
  const [addressLimit, addressWindow] = signInLimits.addressFailures;
  await Promise.all([
    hitRateLimit(ctx.db, accountKey(email), accountLimit, accountWindow),
    hitRateLimit(ctx.db, addressKey(ctx, "failed"), addressLimit, addressWindow),
  ]);
}

/** Forgets the account's wrong passwords after it signed in. */
export async function signInSucceeded(ctx: AppContext, email: string): Promise<void> {
  if (!ctx.rateLimit) return;
  await clearRateLimit(ctx.db, accountKey(email));
}
