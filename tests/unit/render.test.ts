import { describe, expect, it } from "vitest";
import { planSchema } from "../../src/plan/schema.ts";
import { counterargumentBody, pollMarkup, threadBody } from "../../src/publish/render.ts";
import { parsePolls } from "../../src/sandbox/cook.ts";
import { renderTemplate } from "../../src/render/template.ts";

describe("renderTemplate", () => {
  it("keeps inline sections inline and drops empty ones with their lines", () => {
    const t = "> A{{#s}} from *{{s}}*{{/s}}\n>\n{{#c}}\nC: {{c}}\n{{/c}}\nEnd";
    expect(renderTemplate(t, { s: "Doc", c: "" })).toBe("> A from *Doc*\n>\nEnd");
    expect(renderTemplate(t, { s: "", c: "x" })).toBe("> A\n>\nC: x\nEnd");
  });
});

describe("thread and reply bodies", () => {
  const plan = planSchema.parse({
    seminar: { id: "s1", title: "Seminar" },
    source: { title: "On Water", author: "M. Gonzalez" },
    threads: [
      {
        id: "rec-1",
        title: "Meter every large well in the state",
        recommendation: "First, meter every large well.\nMeters settle disputes.",
        context: "Water is shared badly.",
        questions: ["Is it right?", "Who acts first?"],
        poll: { question: "Where do you stand?", options: ["Agree", "Disagree"] },
      },
    ],
  });

  it("quotes the recommendation, then context, questions and a stance poll", () => {
    const body = threadBody(plan, plan.threads[0]!, 0, 3);
    expect(body).toContain("> **Recommendation 1 of 3** from *On Water by M. Gonzalez*");
    expect(body).toContain("> First, meter every large well.\n>\n> Meters settle disputes.");
    expect(body).toContain("### Its context in the document\n\nWater is shared badly.");
    expect(body).toContain("1. Is it right?\n2. Who acts first?");
    const polls = parsePolls(body);
    expect(polls).toHaveLength(1);
    expect(polls[0]!.name).toBe("stance");
    expect(polls[0]!.options.map((o) => o.html)).toEqual(["Agree", "Disagree"]);
  });

  it("ends each seeded reply with its hidden marker", () => {
    const body = counterargumentBody("Meters cost too much for small farms.", "lens", 1, 3, "discourse-seminar:s1/rec-1/ca-2");
    expect(body.startsWith("**Counterargument 2 of 3** · a devil's advocate question")).toBe(true);
    expect(body.endsWith("<!-- discourse-seminar:s1/rec-1/ca-2 -->")).toBe(true);
  });

  it("writes poll markup Discourse's poll plugin reads", () => {
    expect(pollMarkup({ question: "Q?", options: ["A", "B"] })).toBe("[poll name=stance type=regular results=always public=false chartType=bar]\n# Q?\n* A\n* B\n[/poll]");
  });
});
