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

describe("plans refuse what they cannot honour", () => {
  it("refuses a release time or start date that does not exist", () => {
    expect(errorOf(GOOD.replace("    recommendation: Restore trust.", "    recommendation: Restore trust.\n    release_at: 2027-13-45 29:99"))).toMatch(/threads\[0\]\.release_at: must be a local date and time that exists/);
    expect(errorOf(GOOD.replace("    recommendation: Restore trust.", "    recommendation: Restore trust.\n    release_at: 2027-02-30"))).toMatch(/release_at: must be/);
    expect(errorOf(GOOD.replace("  title: A demo seminar", "  title: A demo seminar\n  starts: 2027-02-29"))).toMatch(/seminar\.starts/);
    expect(parsePlan(GOOD.replace("  title: A demo seminar", "  title: A demo seminar\n  starts: 2028-02-29 09:30"), "plan.yaml").seminar.starts).toBe("2028-02-29 09:30");
  });

  it("refuses a schedule that never fires", () => {
    expect(errorOf(GOOD.replace("  title: A demo seminar", '  title: A demo seminar\n  schedule: "0 9 31 2 *"'))).toMatch(/seminar\.schedule: cron "0 9 31 2 \*" never fires/);
  });

  it("refuses tags Discourse would change or refuse", () => {
    const withTags = (tags: string) => GOOD.replace("  title: A demo seminar", `  title: A demo seminar\n  tags: ${tags}`);
    expect(errorOf(withTags('["two words"]'))).toMatch(/seminar\.tags\[0\]: must be one word/);
    expect(errorOf(withTags('["a-tag-that-is-far-too-long-for-discourse"]'))).toMatch(/at most 20 characters/);
    expect(errorOf(withTags('["Upper"]'))).toMatch(/lower case/);
    expect(parsePlan(withTags("[seminar, policy-2026]"), "plan.yaml").seminar.tags).toEqual(["seminar", "policy-2026"]);
  });

  it("refuses a YAML alias bomb in one line instead of expanding it", () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
    expect(errorOf(bomb)).toMatch(/^plan\.yaml: the YAML expands too far/);
  });

  it("refuses a plan that is not UTF-8, and a source document that is not there", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { loadPlan } = await import("../../src/plan/load.ts");
    const dir = mkdtempSync(path.join(tmpdir(), "plan-"));
    const latin1 = path.join(dir, "latin1.yaml");
    writeFileSync(latin1, Buffer.from(GOOD.replace("Restore trust between the two sides", "Restore trust between the two c\u00f4t\u00e9s"), "latin1"));
    expect(() => loadPlan(latin1)).toThrow(/latin1\.yaml:6: the plan is not UTF-8 text/);
    const missing = path.join(dir, "missing.yaml");
    writeFileSync(missing, `${GOOD}source:\n  document: ../nowhere/doc.md\n`);
    expect(() => loadPlan(missing)).toThrow(/source\.document: \.\.\/nowhere\/doc\.md does not exist/);
  });
});
