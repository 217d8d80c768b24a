/**
 * Five-field cron ("m h dom mon dow") evaluated in an IANA time zone, as plain values.
 * Releases are few and far between, so we walk local calendar days instead of minutes.
 * DST: a local time that does not exist (spring forward) runs at the same wall-clock distance
 * after the gap; one that exists twice (fall back) runs once, at the first occurrence.
 */
export interface Cron {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

const NAMES: Record<string, number> = {
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function field(spec: string, min: number, max: number, what: string): number[] {
  const out = new Set<number>();
  for (const part of spec.split(",")) {
    const m = /^(\*|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/.exec(part.toLowerCase());
    if (!m) throw new Error(`cron ${what} field "${spec}" is not valid`);
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== "*") {
      const [a, b] = m[1]!.split("-").map((x) => (x in NAMES ? NAMES[x]! : Number(x)));
      lo = a!;
      hi = b ?? (m[2] ? max : a!);
    }
    if (![lo, hi, step].every(Number.isInteger) || lo < min || hi > max || lo > hi || step < 1) {
      throw new Error(`cron ${what} field "${spec}" must be within ${min}-${max}`);
    }
    for (let v = lo; v <= hi; v += step) out.add(what === "weekday" && v === 7 ? 0 : v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}" needs 5 fields (minute hour day-of-month month weekday), e.g. "0 9 * * 1"`);
  const [mi, h, dom, mon, dow] = parts as [string, string, string, string, string];
  return {
    minutes: field(mi, 0, 59, "minute"),
    hours: field(h, 0, 23, "hour"),
    days: new Set(field(dom, 1, 31, "day-of-month")),
    months: new Set(field(mon, 1, 12, "month")),
    weekdays: new Set(field(dow, 0, 7, "weekday")),
    domRestricted: dom !== "*",
    dowRestricted: dow !== "*",
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    fmt(tz);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of instant `t` in `tz`. */
export function localFields(t: number, tz: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const p = Object.fromEntries(fmt(tz).formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute! };
}

function offsetAt(t: number, tz: string): number {
  const f = localFields(t, tz);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi) - Math.floor(t / 60_000) * 60_000;
}

/** The instant at which the wall clock in `tz` shows the given local time (see DST rules above). */
export function zonedTimeToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const before = guess - offsetAt(guess - 3 * 3_600_000, tz);
  const after = guess - offsetAt(guess + 3 * 3_600_000, tz);
  const ok = [before, after].filter((c) => {
    const f = localFields(c, tz);
    return f.y === y && f.mo === mo && f.d === d && f.h === h && f.mi === mi;
  });
  return ok.length ? Math.min(...ok) : before;
}

/** The first `count` occurrences at or after `from` (ms), in ascending order. */
export function nextOccurrences(cron: Cron, tz: string, from: number, count: number, maxDays = 366 * 4): number[] {
  const out: number[] = [];
  const start = localFields(from, tz);
  let day = Date.UTC(start.y, start.mo - 1, start.d);
  for (let i = 0; i < maxDays && out.length < count; i++, day += 86_400_000) {
    const dt = new Date(day);
    const y = dt.getUTCFullYear();
    const mo = dt.getUTCMonth() + 1;
    const d = dt.getUTCDate();
    if (!cron.months.has(mo)) continue;
    const domOk = cron.days.has(d);
    const dowOk = cron.weekdays.has(dt.getUTCDay());
    const dayOk = cron.domRestricted && cron.dowRestricted ? domOk || dowOk : domOk && dowOk;
    if (!dayOk) continue;
    for (const h of cron.hours) {
      for (const mi of cron.minutes) {
        const t = zonedTimeToUtc(y, mo, d, h, mi, tz);
        if (t >= from && out.at(-1) !== t) out.push(t);
        if (out.length >= count) return out;
      }
    }
  }
  return out;
}

/** The latest occurrence at or before `at`, looking back at most `days` days; undefined if none. */
export function previousOccurrence(cron: Cron, tz: string, at: number, days = 35): number | undefined {
  const all = nextOccurrences(cron, tz, at - days * 86_400_000, 10_000, days + 2).filter((t) => t <= at);
  return all.at(-1);
}
