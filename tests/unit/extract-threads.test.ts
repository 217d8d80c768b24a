import { describe, expect, it } from "vitest";
import { parseText } from "../../src/document/read.ts";
import { analyse } from "../../src/extract/analysis.ts";
import { bearing, lensCounterarguments, placeObjections, rarity, topicWords } from "../../src/extract/counterarguments.ts";
import { contentWords } from "../../src/extract/cues.ts";
import { extract, withLlmCounterarguments, type Extraction } from "../../src/extract/index.ts";
import { citesRecommendation } from "../../src/extract/llm.ts";
import { aligned, probability, train } from "../../src/extract/model.ts";
import type { Lens, QuestionTemplates } from "../../src/extract/prompts.ts";
import { agentOf, questionsFor } from "../../src/extract/questions.ts";
import { MAX_TITLE, titleFor, uniqueTitles } from "../../src/extract/titles.ts";
import { sentenceParts } from "../../src/extract/units.ts";

// What a thread shows participants, built by pure functions: titles, contexts, questions,
// counterarguments placed by what they say, the check on model-written ones. No I/O.

const ENDS_CUT = /\b(?:the|a|an|of|to|and|or|that|which|between|with|for|in|on|by|as)$/i;

describe("titles", () => {
  it("state the action of a performative's complement", () => {
    expect(titleFor("I therefore recommend that the legislature create a water bank in each basin.")).toBe("The legislature create a water bank in each basin");
    expect(titleFor("I am asking the legislature to fund meters in every county.")).toBe("Fund meters in every county");
    expect(titleFor("We recommend budgeting two weeks from start to finish for your first round of tests.")).toBe("Budget two weeks from start to finish for your first round of tests");
  });

  it("state what an obligation is a necessity of, and the verb of a commitment", () => {
    expect(titleFor("Recent events have shown the necessity of an amendment to the water code.")).toBe("An amendment to the water code");
    expect(titleFor("I want to work with both parties to pass a permanent water compact.")).toBe("Work with both parties to pass a permanent water compact");
    expect(titleFor("Second, each basin should run a water bank.")).toBe("Run a water bank");
  });

  it("keep the subject of a passive or a state", () => {
    expect(titleFor("Fourth, security cooperation between South Korea and Japan should not be seen as pressuring or encircling China.")).toBe("Security cooperation should not be seen as pressuring or encircling China");
    expect(titleFor("Second, water rights must be tradable within each basin.")).toBe("Water rights must be tradable within each basin");
  });

  it("are whole phrases of at most 80 characters, never cut mid-phrase or with an ellipsis", () => {
    const long = [
      "Third, it is necessary to educate the public in detail of the positive effects of mutual security cooperation between South Korea and Japan in dealing with the North Korean nuclear and missile threats.",
      "In order to aid unemployment and to avoid wasteful expansion of public works I have favored an authority to the Corporation to increase its issues of its securities to the maximum of $3 billion in order that it may extend its services.",
      "The Secretary of State should ensure that the head of any entity responsible for democracy assistance programs requires implementing partners to develop, during award design, a plan for mitigating the risk of antidemocratic actions.",
    ];
    for (const s of long) {
      const t = titleFor(s);
      expect(t.length, t).toBeLessThanOrEqual(MAX_TITLE);
      expect(t, t).not.toMatch(ENDS_CUT);
      expect(t, t).not.toMatch(/…|\.\.\.$|\bin order$/);
      expect(t.split(/\s+/).length, t).toBeGreaterThanOrEqual(3);
    }
    expect(titleFor(long[0]!)).toBe("Educate the public in detail of the positive effects");
    // "agency by agency" is one expression; an adjective is not left without its "to".
    expect(titleFor("Finally, any wider rollout should be decided agency by agency, on the evidence, rather than by a single national rule that ignores how offices differ.")).toBe("Any wider rollout should be decided agency by agency, on the evidence");
    expect(titleFor("Third, the pilot should be evaluated by an independent body that is free to recommend stopping it at any point of its twelve months.")).toBe("The pilot should be evaluated by an independent body");
  });

  it("are unique, titling twins by what differs", () => {
    const texts = ["The Secretary should ensure that every basin publishes its use monthly.", "The Secretary should ensure that every basin reviews its trading rules yearly."];
    const titles = uniqueTitles(["The Secretary should ensure", "The Secretary should ensure"], texts);
    expect(new Set(titles).size).toBe(2);
  });
});

describe("agents", () => {
  it("name who is asked to act, not the subject of a passive", () => {
    expect(agentOf("The Secretary of the Interior should require every basin to publish its use.")).toBe("the Secretary of the Interior");
    expect(agentOf("I recommend that the Congress enact a water code.")).toBe("the Congress");
    expect(agentOf("Second, if they can admit their differences, the two sides must then refrain from insults.")).toBe("the two sides");
    expect(agentOf("Cooperation should not be seen as encircling anyone.")).toBeNull();
    expect(agentOf("We must act now.")).toBeNull();
  });
});

const INTRO = "Water Policy for Dry Years\n\n";

describe("contexts", () => {
  const doc =
    INTRO +
    "Droughts are now longer and more frequent. Wells are pumped without limit because nobody measures what each well draws from the aquifer.\n\n" +
    "Trading is blocked by rules written for a wetter century, and water cannot move from farms to towns even in the driest years of all.\n\n" +
    "Critics say that meters are too costly for small farms and will never pay for themselves.\n\n" +
    "We propose two reforms.\n\n" +
    "First, the state should meter every large well within two years.\n\n" +
    "Second, water rights must be tradable within each basin.\n";
  const x = extract(parseText("d.txt", doc, false));

  it("quote the passage that motivates each recommendation", () => {
    expect(x.recommendations).toHaveLength(2);
    expect(x.recommendations[0]!.context).toContain("nobody measures what each well draws");
    expect(x.recommendations[1]!.context).toContain("Trading is blocked");
  });

  it("never repeat a recommendation, and never quote an objection", () => {
    for (const r of x.recommendations) {
      for (const other of x.recommendations) expect(r.context).not.toContain(other.text.slice(0, 40));
      expect(r.context).not.toContain("Critics say");
    }
  });
});

const TEMPLATES: QuestionTemplates = {
  general: ["Is “{title}” the right call?", "Which counterargument below is strongest?"],
  specific: [
    { id: "who", fits: [], template: "Who would have to act first on “{title}”?" },
    { id: "agent", fits: ["secretary", "congress"], template: "The recommendation asks {agent} to act. Is that the right body?" },
    { id: "cost", fits: ["fund", "cost"], template: "What would “{title}” cost, and who would pay?" },
  ],
  poll: { question: "Where do you stand?", options: ["Agree", "Disagree"] },
};

describe("questions", () => {
  it("name the recommendation by its title, and ask what it specifically asks", () => {
    const rec = { text: "The Secretary should fund meters for every small farm.", title: "Fund meters for every small farm", agent: "the Secretary" };
    const qs = questionsFor(rec, TEMPLATES);
    expect(qs[0]).toBe("Is “Fund meters for every small farm” the right call?");
    expect(qs).toContain("The recommendation asks the Secretary to act. Is that the right body?");
    expect(qs).toContain("What would “Fund meters for every small farm” cost, and who would pay?");
    expect(qs.at(-1)).toBe("Which counterargument below is strongest?");
  });

  it("ask who must act when nothing more specific fits, and never name an agent it does not have", () => {
    const qs = questionsFor({ text: "Restore trust between the two peoples.", title: "Restore trust between the two peoples", agent: null }, TEMPLATES);
    expect(qs).toContain("Who would have to act first on “Restore trust between the two peoples”?");
    expect(qs.join(" ")).not.toContain("{agent}");
  });
});

describe("placing objections", () => {
  const recs = [
    { text: "First, the state should meter every large well.", title: "Meter every large well", context: "Nobody measures what each well draws.", start: 100 },
    { text: "Second, water rights must be tradable within each basin.", title: "Water rights must be tradable within each basin", context: "Trading is blocked by old rules.", start: 200 },
  ];
  const sentences = ["Nobody measures what each well draws.", "Trading is blocked by old rules.", "Critics say meters are too costly.", "Opponents argue the plan is an overreach.", "Some warn that trading rights lets cities buy up water."];
  const weight = rarity(sentences);

  it("puts an objection under the recommendation it shares words with, whatever its position", () => {
    const placed = placeObjections(recs, [{ about: "Critics say meters are too costly.", start: 300 }, { about: "Some warn that trading rights lets cities buy up water.", start: 50 }], weight);
    expect(placed).toEqual([[0], [1]]);
  });

  it("posts an objection that bears on no recommendation nowhere", () => {
    expect(placeObjections(recs, [{ about: "Opponents argue the plan is an overreach.", start: 300 }], weight)).toEqual([[], []]);
  });

  it("scores by rarity, and counts the document's topic words a quarter", () => {
    const [well] = bearing([recs[0]!], { about: "Every well is metered.", start: 0 }, weight);
    const [topical] = bearing([recs[0]!], { about: "Every well is metered.", start: 0 }, weight, new Set(["well", "meter"]));
    expect(topical!).toBeCloseTo(well! / 4, 5);
  });

  it("finds topic words only in documents long enough to have a topic", () => {
    const paragraphs = Array.from({ length: 10 }, (_, i) => contentWords(`Korea and Japan discuss item ${i} of security ${i % 4 ? "" : "trust"}`));
    expect([...topicWords(paragraphs)].sort()).toEqual(["discus", "item", "japan", "korea", "security"]);
    expect(topicWords(paragraphs.slice(0, 4)).size).toBe(0);
  });

  it("keeps to three counterarguments a thread", () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ about: `Critics say meters cost ${i} times too much.`, start: 300 + i }));
    expect(placeObjections(recs, many, weight)[0]).toHaveLength(3);
  });
});

describe("lens counterarguments", () => {
  const lenses: Lens[] = [
    { id: "spending", fits: ["fund", "cost"], template: "Cost: “{title}” draws on money." },
    { id: "persuasion", fits: ["public", "educate"], template: "Persuasion: “{title}” assumes people can be persuaded." },
    { id: "feasibility", fits: [], template: "Feasibility: without the means for {agent} to act, “{title}” stays an intention." },
  ];

  it("pick lenses by what the recommendation asks, filled with its title and agent", () => {
    const c = lensCounterarguments({ text: "Educate the public about drought.", title: "Educate the public about drought", agent: null }, 2, lenses);
    expect(c.map((x) => x.lens)).toEqual(["persuasion", "feasibility"]);
    expect(c[1]!.text).toBe("Feasibility: without the means for whoever is meant to act on it to act, “Educate the public about drought” stays an intention.");
  });

  it("fill every place asked for, the remaining lenses in order", () => {
    expect(lensCounterarguments({ text: "Guarantee an hourly bus.", title: "Guarantee an hourly bus", agent: null }, 3, lenses)).toHaveLength(3);
  });
});

describe("model-written counterarguments", () => {
  const rec = { text: "First, councils should guarantee an hourly daytime service to the nearest hospital.", title: "Guarantee an hourly daytime service to the nearest hospital" };

  it("cite the recommendation they answer: four of its words in a row, its title, or three of its words", () => {
    expect(citesRecommendation("Why “guarantee an hourly daytime service” when demand is low?", rec)).toBe(true);
    expect(citesRecommendation("“Guarantee an hourly daytime service to the nearest hospital” ignores taxis.", rec)).toBe(true);
    expect(citesRecommendation("Councils lack drivers for an hourly hospital service.", rec)).toBe(true);
    expect(citesRecommendation("Buses are expensive. Why not vouchers?", rec)).toBe(false);
  });

  function extraction(): Extraction {
    const x = extract(parseText("b.txt", "Buses for Small Towns\n\nRural routes have been cut for a decade.\n\nFirst, councils should guarantee an hourly daytime service to the nearest hospital.\n\nSecond, the government must fund these routes for five years.\n", false));
    expect(x.recommendations[0]!.counterarguments.every((c) => c.source === "lens")).toBe(true);
    return x;
  }

  it("replace lens questions only when they cite the recommendation, with a warning for those left out", async () => {
    const x = extraction();
    const out = await withLlmCounterarguments(x, {
      apiKey: "sk-secret",
      model: "m",
      ask: async (r, _t, _e, count) => ["Buses are expensive; why not vouchers?", `“${r.title}” ignores that drivers are scarce. Who would drive?`, `Why “guarantee an hourly daytime service” to a hospital that may move?`].slice(0, count).map((text) => ({ text, source: "llm" as const })),
    });
    const cs = out.extraction.recommendations[0]!.counterarguments;
    expect(cs.map((c) => c.source)).toEqual(["llm", "llm", "lens"]);
    expect(out.warning).toMatch(/did not cite their recommendation/);
  });

  it("keep the lens questions and report the failure without the key", async () => {
    const x = extraction();
    const out = await withLlmCounterarguments(x, {
      apiKey: "sk-secret",
      model: "m",
      ask: async () => {
        throw new Error("401 bad key sk-secret");
      },
    });
    expect(out.extraction.recommendations[0]!.counterarguments.every((c) => c.source === "lens")).toBe(true);
    expect(out.warning).toMatch(/no model-written counterarguments/);
    expect(out.warning).not.toContain("sk-secret");
  });
});

describe("authors", () => {
  it("are found in bylines and 'About the author' sections", () => {
    expect(parseText("a.txt", "On Water\n\nBy Jordan Ellery\n\nWater is scarce.\n", false).author).toBe("Jordan Ellery");
    expect(parseText("a.txt", "On Water\n\nWritten by A. B. Smith, Senior Fellow\n\nWater is scarce.\n", false).author).toBe("A. B. Smith");
    expect(parseText("a.txt", "On Water\n\nAuthor: Maria Gonzalez\n\nWater is scarce.\n", false).author).toBe("Maria Gonzalez");
    expect(parseText("a.txt", "On Water\n\nWater is scarce.\n\nAbout the Author\n\nEunjung Lim is an Associate Professor at a university.\n", false).author).toBe("Eunjung Lim");
    expect(parseText("a.txt", "On Water\n\n18F blog, 2018-04-05\n\nWater is scarce.\n", false).author).toBeNull();
  });
});

describe("the scorer's parts", () => {
  it("divides a sentence that enumerates inline or with semicolons, and leaves others whole", () => {
    const text = "The fund is to be: (a) authorized to buy bonds; (b) to make loans to farms.";
    expect(sentenceParts(text).map((p) => text.slice(p.start, p.end))).toEqual(["The fund is to be", "authorized to buy bonds", "to make loans to farms."]);
    expect(sentenceParts("One sentence, with a comma.")).toHaveLength(1);
  });

  it("reads a model's weights by feature name, and refuses weights for a feature no longer computed", () => {
    const m = { features: ["b", "a"], weights: [2, -1], bias: 0, threshold: 0.5 };
    expect(probability(aligned(m, ["a", "b"]), [0, 1])).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(() => aligned(m, ["a"])).toThrow(/retrain/);
  });

  it("trains deterministically, and a prior holds a rare feature's weight", () => {
    const X = [[1, 0], [1, 0], [0, 1], [0, 0], [0, 0], [0, 0]];
    const y = [1, 1, 0, 0, 0, 0];
    const a = train(["rule", "noise"], X, y, { iterations: 500 });
    expect(train(["rule", "noise"], X, y, { iterations: 500 })).toEqual(a);
    expect(a.weights[0]!).toBeGreaterThan(0);
    const held = train(["rule", "noise"], [[1, 0], [0, 0]], [0, 0], { iterations: 500, l2: 1, prior: { rule: 3 }, priorL2: 1 });
    expect(held.weights[0]!).toBeGreaterThan(1);
  });

  it("reads a document's grammar once: tokens, readings and ordinals per sentence", () => {
    const doc = parseText("d.txt", `${INTRO}First, the state should meter every large well.\n\nSecond, rights must be tradable.\n`, false);
    const a = analyse(doc);
    expect(a.tokens).toHaveLength(doc.sentences.length);
    expect(a.ordinals.filter((v) => v !== null)).toEqual([1, 2]);
    expect(a.readings.filter((r) => r.kind === "deontic")).toHaveLength(2);
  });
});
