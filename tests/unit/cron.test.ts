import { describe, expect, it } from "vitest";
import { localFields, nextOccurrences, parseCron, zonedTimeToUtc } from "../../src/schedule/cron.ts";
import { releaseTimes } from "../../src/schedule/releases.ts";
import { planSchema } from "../../src/plan/schema.ts";

const iso = (t: number) => new Date(t).toISOString();

describe("nextOccurrences", () => {
  it("gives Mondays 09:00 in the seminar's time zone", () => {
    const from = Date.parse("2026-11-28T00:00:00Z"); // a Saturday
    const got = nextOccurrences(parseCron("0 9 * * 1"), "Asia/Seoul", from, 3).map(iso);
    expect(got).toEqual(["2026-11-30T00:00:00.000Z", "2026-12-07T00:00:00.000Z", "2026-12-14T00:00:00.000Z"]);
  });

  it("keeps 09:00 local across the spring DST change", () => {
    const got = nextOccurrences(parseCron("0 9 * * 1"), "Europe/London", Date.parse("2027-03-22T00:00:00Z"), 2).map(iso);
    expect(got).toEqual(["2027-03-22T09:00:00.000Z", "2027-03-29T08:00:00.000Z"]);
  });

  it("runs a time that falls in the spring gap just after it, once", () => {
    const t = zonedTimeToUtc(2027, 3, 28, 1, 30, "Europe/London"); // 01:30 does not exist that day
    expect(localFields(t, "Europe/London").h).toBe(2);
  });

  it("runs a time that exists twice in autumn only once, at the first", () => {
    const got = nextOccurrences(parseCron("30 1 * * *"), "Europe/London", Date.parse("2027-10-30T12:00:00Z"), 2).map(iso);
    expect(got).toEqual(["2027-10-31T00:30:00.000Z", "2027-11-01T01:30:00.000Z"]);
  });

  it("rejects malformed expressions with a message naming the field", () => {
    expect(() => parseCron("0 25 * * 1")).toThrow(/hour field "25"/);
    expect(() => parseCron("0 9 * *")).toThrow(/5 fields/);
  });
});

describe("releaseTimes", () => {
  const plan = (extra: Record<string, unknown> = {}) =>
    planSchema.parse({
      seminar: { id: "s1", title: "T", timezone: "UTC", schedule: "0 9 * * 1", ...extra },
      threads: [1, 2, 3].map((i) => ({ id: `rec-${i}`, title: `A thread title number ${i}`, recommendation: "r" })),
    });

  it("releases the first thread at first run and the rest on the schedule", () => {
    const first = Date.parse("2026-11-28T10:00:00Z");
    expect(releaseTimes(plan(), first).map((r) => iso(r.at))).toEqual([
      "2026-11-28T10:00:00.000Z",
      "2026-11-30T09:00:00.000Z",
      "2026-12-07T09:00:00.000Z",
    ]);
  });

  it("starts on a given date in the seminar's zone", () => {
    const times = releaseTimes(plan({ starts: "2026-12-01", timezone: "America/New_York" }), 0).map((r) => iso(r.at));
    expect(times[0]).toBe("2026-12-07T14:00:00.000Z");
  });
});

describe("previousOccurrence", () => {
  it("finds the last Friday 18:00 before now, in the zone", async () => {
    const { previousOccurrence } = await import("../../src/schedule/cron.ts");
    const t = previousOccurrence(parseCron("0 18 * * 5"), "Europe/Paris", Date.parse("2026-12-02T12:00:00Z"));
    expect(iso(t!)).toBe("2026-11-27T17:00:00.000Z");
  });
});
