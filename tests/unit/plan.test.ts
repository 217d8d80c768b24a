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
