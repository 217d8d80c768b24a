import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/load.ts";

const GOOD = `seminar:
  id: demo
  title: A demo seminar
threads:
  - id: rec-1
    title: Restore trust between the two sides
    recommendation: Restore trust.
    counterarguments:
      - text: Trust cannot be decreed by governments; it follows deeds.
`;

function errorOf(text: string): string {
  try {
    parsePlan(text, "plan.yaml");
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("parsePlan", () => {
  it("fills defaults", () => {
    const p = parsePlan(GOOD, "plan.yaml");
    expect(p.seminar.timezone).toBe("UTC");
    expect(p.seminar.counterargument_poster).toBe("devils_advocate");
    expect(p.threads[0]!.counterarguments[0]!.source).toBe("moderator");
  });

  it("names file, line and field of a bad value", () => {
    const msg = errorOf(GOOD.replace("title: Restore trust between the two sides", "title: Too short"));
    expect(msg).toBe("plan.yaml:6: threads[0].title: must be at least 15 characters (Discourse's minimum title length)");
  });

  it("reports a misspelt field instead of ignoring it", () => {
    expect(errorOf(GOOD.replace("  title: A demo seminar", "  title: A demo seminar\n  timezon: UTC"))).toMatch(/^plan\.yaml:1: seminar: unknown field "timezon"/);
  });

  it("points at the line of broken YAML", () => {
    expect(errorOf(GOOD.replace("    recommendation: Restore trust.", "    recommendation: [Restore trust."))).toMatch(/^plan\.yaml:\d+: not valid YAML/);
  });

  it("refuses an unknown time zone and a bad cron", () => {
    expect(errorOf(GOOD.replace("  title: A demo seminar", "  title: A demo seminar\n  timezone: Mars/Olympus"))).toMatch(/plan\.yaml:4: seminar\.timezone: must be an IANA time zone/);
    expect(errorOf(GOOD.replace("  title: A demo seminar", "  title: A demo seminar\n  schedule: every monday"))).toMatch(/seminar\.schedule: cron "every monday" needs 5 fields/);
  });

  it("refuses duplicate thread ids and titles", () => {
    const twice = GOOD + GOOD.slice(GOOD.indexOf("  - id: rec-1"));
    expect(errorOf(twice)).toMatch(/threads\[1\]\.id: "rec-1" is used by thread 1 too/);
  });
});

describe("forum ids", () => {
  it("never let two seminars' threads meet, whatever dashes the ids hold", async () => {
    const { threadExternalId, digestTopicExternalId, parseExternalId } = await import("../../src/plan/ids.ts");
    expect(threadExternalId("ab-cd", "x")).not.toBe(threadExternalId("ab", "cd-x"));
    expect(digestTopicExternalId("ab")).not.toBe(threadExternalId("a", "b"));
    const longest = threadExternalId("a".repeat(25), "b".repeat(20));
    expect(longest.length).toBeLessThanOrEqual(50);
    expect(longest).toMatch(/^[\w-]+$/);
    expect(parseExternalId(threadExternalId("ab-cd", "x-1"))).toEqual({ seminarId: "ab-cd", threadId: "x-1" });
    expect(parseExternalId(digestTopicExternalId("ab-cd"))).toEqual({ seminarId: "ab-cd", threadId: null });
    expect(parseExternalId("something-else")).toBeNull();
  });

  it("refuses two plans that would name the same thing on the forum, in one line naming both files", async () => {
    const { checkPlansApart } = await import("../../src/runtime.ts");
    const { planSchema } = await import("../../src/plan/schema.ts");
    const p = (id: string) => planSchema.parse({ seminar: { id, title: "T" }, threads: [{ id: "rec-1", title: "A title long enough", recommendation: "R" }] });
    expect(() => checkPlansApart([{ plan: p("ab"), path: "one.yaml" }, { plan: p("ab"), path: "two.yaml" }])).toThrow(/^two\.yaml: seminar\.id "ab" is also used by one\.yaml/);
    expect(() => checkPlansApart([{ plan: p("ab"), path: "one.yaml" }, { plan: p("ab-x"), path: "two.yaml" }])).not.toThrow();
  });
});
