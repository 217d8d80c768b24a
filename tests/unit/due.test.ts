import { describe, expect, it } from "vitest";
import { planSchema, type Plan } from "../../src/plan/schema.ts";
import { dueWork, type SeminarSnapshot, type ThreadSnapshot } from "../../src/schedule/due.ts";

const T0 = Date.parse("2026-11-28T10:00:00Z"); // a Saturday

function plan(extra: Record<string, unknown> = {}, threads = 3, status = "approved"): Plan {
  return planSchema.parse({
    status,
    seminar: { id: "sx", title: "Seminar", schedule: "0 9 * * 1", timezone: "Europe/London", digest: { schedule: "0 18 * * 5", post: true }, ...extra },
    threads: Array.from({ length: threads }, (_, i) => ({ id: `t${i + 1}`, title: `Thread number ${i + 1} of the seminar`, recommendation: "Do it." })),
  });
}

const thread = (o: Partial<ThreadSnapshot> = {}): ThreadSnapshot => ({ released: false, releasedAt: null, failure: null, nextAttemptAt: null, topicDeleted: false, timers: new Set(), ...o });
const snap = (threads: Record<string, Partial<ThreadSnapshot>>, o: Partial<SeminarSnapshot> = {}): Map<string, SeminarSnapshot> =>
  new Map([["sx", { firstSeenAt: T0, threads: new Map(Object.entries(threads).map(([k, v]) => [k, thread(v)])), digestWatermark: null, unpostedDigests: [], ...o }]]);
const digestItems = (w: ReturnType<typeof dueWork>) => w.items.filter((i) => i.kind === "digest");
const kinds = (w: ReturnType<typeof dueWork>) => w.items.map((i) => `${i.kind}${"threadId" in i ? `:${i.threadId}` : ""}`);

describe("dueWork", () => {
  it("releases the first thread at first run and the next on the schedule, in the seminar's zone", () => {
    expect(kinds(dueWork([plan()], snap({}), T0))).toEqual(["release:t1"]);
    const w = dueWork([plan()], snap({ t1: { released: true, releasedAt: T0 } }), T0 + 1000);
    expect(w.items).toEqual([]);
    expect(w.waiting.map((x) => [x.threadId, new Date(x.at).toISOString()])).toEqual([
      ["t2", "2026-11-30T09:00:00.000Z"],
      ["t3", "2026-12-07T09:00:00.000Z"],
    ]);
  });

  it("flags a release missed by more than an hour as catch-up", () => {
    const w = dueWork([plan()], snap({ t1: { released: true, releasedAt: T0 } }), Date.parse("2026-12-01T12:00:00Z"));
    expect(w.items).toEqual([{ kind: "release", seminarId: "sx", threadId: "t2", at: Date.parse("2026-11-30T09:00:00Z"), missed: true }]);
  });

  it("holds every later thread behind a permanent failure, and behind a transient one until its retry time", () => {
    const failed = dueWork([plan()], snap({ t1: { failure: "permanent" } }), T0 + 30 * 86_400_000);
    expect(failed.items).toEqual([]);
    expect(failed.waiting).toEqual([{ seminarId: "sx", threadId: "t1", at: T0, reason: "failed" }]);
    const retrying = snap({ t1: { failure: "transient", nextAttemptAt: T0 + 60_000 } });
    expect(dueWork([plan()], retrying, T0 + 30_000).items).toEqual([]);
    expect(kinds(dueWork([plan()], retrying, T0 + 60_000))).toEqual(["release:t1"]);
  });

  it("does nothing for a draft", () => {
    const w = dueWork([plan({}, 3, "draft")], snap({}), T0);
    expect(w).toEqual({ items: [], waiting: [], drafts: ["sx"] });
  });

  it("releases everything with releaseAll, still in plan order", () => {
    expect(kinds(dueWork([plan()], snap({}), T0, { releaseAll: true }))).toEqual(["release:t1", "release:t2", "release:t3"]);
  });

  it("pins the newest released thread and unpins the one before, each once", () => {
    const p = plan({ pin_current: true });
    expect(kinds(dueWork([p], snap({ t1: { released: true, releasedAt: T0 } }), T0 + 1))).toEqual(["pin:t1"]);
    const two = snap({ t1: { released: true, releasedAt: T0, timers: new Set(["pin"]) }, t2: { released: true, releasedAt: T0 + 86_400_000 } });
    expect(kinds(dueWork([p], two, T0 + 86_400_001)).sort()).toEqual(["pin:t2", "unpin:t1"]);
    const done = snap({ t1: { released: true, releasedAt: T0, timers: new Set(["pin", "unpin"]) }, t2: { released: true, releasedAt: T0 + 86_400_000, timers: new Set(["pin"]) } });
    expect(kinds(dueWork([p], done, T0 + 86_400_001))).toEqual([]);
  });

  it("closes a thread close_after its release, flagging a late close as missed", () => {
    const p = plan({ close_after: "2d" }, 1);
    const s = snap({ t1: { released: true, releasedAt: T0 } });
    expect(dueWork([p], s, T0 + 2 * 86_400_000 - 1).items).toEqual([]);
    expect(dueWork([p], s, T0 + 2 * 86_400_000).items).toEqual([{ kind: "close", seminarId: "sx", threadId: "t1", at: T0 + 2 * 86_400_000, missed: false }]);
    expect(dueWork([p], s, T0 + 3 * 86_400_000).items[0]).toMatchObject({ kind: "close", missed: true });
  });

  it("writes one digest for the latest slot, once something was released before it", () => {
    const friday = Date.parse("2026-12-04T18:00:00Z");
    expect(dueWork([plan()], snap({}), friday + 60_000).items.filter((i) => i.kind === "digest")).toEqual([]);
    const released = snap({ t1: { released: true, releasedAt: T0 }, t2: { released: true, releasedAt: T0 + 1 }, t3: { released: true, releasedAt: T0 + 2 } });
    expect(digestItems(dueWork([plan()], released, friday - 60_000))).toEqual([]);
    expect(digestItems(dueWork([plan()], released, friday + 60_000))).toEqual([{ kind: "digest", seminarId: "sx", slot: friday, missed: false, post: true }]);
    // Three weeks away: one catch-up digest for the latest slot, not three.
    const later = digestItems(dueWork([plan()], released, friday + 21 * 86_400_000 + 3_600_001));
    expect(later).toEqual([{ kind: "digest", seminarId: "sx", slot: friday + 21 * 86_400_000, missed: true, post: true }]);
    // Covered already (by that slot, or by a digest made by hand after it).
    expect(digestItems(dueWork([plan()], snap({ t1: { released: true, releasedAt: T0 } }, { digestWatermark: friday + 1 }), friday + 60_000))).toEqual([]);
  });

  it("follows an edited digest schedule at the next wake-up (no timer to resync)", () => {
    const released = snap({ t1: { released: true, releasedAt: T0 } }, { digestWatermark: Date.parse("2026-12-04T18:00:00Z") });
    const wednesday = Date.parse("2026-12-09T12:30:00Z");
    expect(digestItems(dueWork([plan()], released, wednesday))).toEqual([]);
    const edited = plan({ digest: { schedule: "0 12 * * 3", post: false } });
    expect(digestItems(dueWork([edited], released, wednesday))).toEqual([{ kind: "digest", seminarId: "sx", slot: Date.parse("2026-12-09T12:00:00Z"), missed: false, post: false }]);
  });

  it("retries a pending digest post after its back-off, and leaves a failed one to a moderator", () => {
    const s = snap({}, { unpostedDigests: [{ id: 7, nextAttemptAt: T0 + 60_000, failed: false }, { id: 8, nextAttemptAt: null, failed: true }] });
    expect(dueWork([plan()], s, T0).items.filter((i) => i.kind === "post-digest")).toEqual([]);
    expect(dueWork([plan()], s, T0 + 60_000).items.filter((i) => i.kind === "post-digest")).toEqual([{ kind: "post-digest", seminarId: "sx", digestId: 7 }]);
  });
});
