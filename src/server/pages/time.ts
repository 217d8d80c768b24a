import { localFields, zonedTimeToUtc } from "../../schedule/cron.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Mon, 7 Dec 2026, 09:00" on the wall clock of `tz`. */
export function formatLocal(at: number | string, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: tz, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(tz, f);
  }
  return f.format(new Date(typeof at === "string" ? Date.parse(at) : at));
}

/** A `<time>` element: the local wall-clock time shown, the instant in `datetime`. */
export function timeTag(at: number | string, tz: string): string {
  const ms = typeof at === "string" ? Date.parse(at) : at;
  return `<time datetime="${new Date(ms).toISOString()}">${formatLocal(ms, tz)}</time>`;
}

/** "3 hours ago", "in 2 days": rough on purpose, beside an exact time. */
export function relative(at: number, now: number): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  const [n, unit] = abs < 90 * 60_000 ? [Math.max(1, Math.round(abs / 60_000)), "minute"] : abs < 36 * 3_600_000 ? [Math.round(abs / 3_600_000), "hour"] : [Math.round(abs / 86_400_000), "day"];
  const span = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return diff < 0 ? `${span} ago` : `in ${span}`;
}

/** The calendar day (YYYY-MM-DD) of instant `t` in `tz`. */
export function localDay(t: number, tz: string): string {
  const f = localFields(t, tz);
  return `${f.y}-${String(f.mo).padStart(2, "0")}-${String(f.d).padStart(2, "0")}`;
}

/** The instant a local day begins in `tz` (its first minute, whatever DST does). */
export function dayStart(day: string, tz: string): number {
  const [y, mo, d] = day.split("-").map(Number) as [number, number, number];
  return zonedTimeToUtc(y, mo, d, 0, 0, tz);
}

/** The local days from `first` to `last` inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`), end = Date.parse(`${last}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
