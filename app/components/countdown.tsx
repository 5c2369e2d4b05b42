import { useSyncExternalStore } from "react";
import type { Translate } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The time left until `target` in words: 剩余 N 天 N 小时 (minutes in the last hours). */
export function timeLeft(
  t: Translate,
  target: number,
  now: number,
  kind: "closes" | "opens" = "closes",
): string {
  const left = target - now;
  if (left <= 0)
    return t(
      kind === "closes" ? "consultations.countdown.over" : "consultations.countdown.started",
    );
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  const prefix = kind === "closes" ? "consultations.countdown" : "consultations.countdown.opens";
  if (days > 0) return t(`${prefix}.days` as "consultations.countdown.days", { days, hours });
  if (hours > 0) return t(`${prefix}.hours` as "consultations.countdown.hours", { hours, minutes });
  return t(`${prefix}.minutes` as "consultations.countdown.minutes", {
    minutes: Math.max(1, Math.ceil(left / MINUTE)),
  });
}

/** How stale the countdown's clock may be: it moves in steps of half a minute. */
const STEP = MINUTE / 2;

/** Checks the clock every second; React re-renders only when the step has changed. */
function subscribeClock(onChange: () => void) {
  const timer = setInterval(onChange, 1000);
  return () => clearInterval(timer);
}

/** The browser's time in whole steps, so two reads within a step agree (useSyncExternalStore). */
const readClock = () => Math.floor(Date.now() / STEP) * STEP;

/**
 * A live countdown to a deadline (or an opening). The server renders it from the loader's `now`,
 * the browser hydrates the same text and then follows its own clock, every half minute.
 */
export function Countdown({
  target,
  now,
  kind = "closes",
}: {
  target: string | Date;
  now: number;
  kind?: "closes" | "opens";
}) {
  const { t } = useI18n();
  // While hydrating, React reads the server's `now`, so the text matches; then the browser's.
  const current = useSyncExternalStore(subscribeClock, readClock, () => now);
  const at = new Date(target);
  return (
    <strong className="countdown">
      <time dateTime={at.toISOString()}>{timeLeft(t, at.getTime(), current, kind)}</time>
    </strong>
  );
}
