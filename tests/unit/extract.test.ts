import { writeFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { parseText, readDocument } from "../../src/document/read.ts";
import { splitSentences } from "../../src/document/sentences.ts";
import { extract } from "../../src/extract/index.ts";
import { tempDir } from "../helpers.ts";

const recsOf = (text: string, md = false) => extract(parseText("doc.txt", text, md)).recommendations;
const starts = (text: string, md = false) => recsOf(text, md).map((r) => r.text.split(/\s+/).slice(0, 4).join(" "));

const INTRO = "Water Policy for Dry Years\n\nDroughts are now longer and more frequent, and the rules that share out water were written for a wetter century.\n\n";

describe("recommendations", () => {
  it("follows an ordinal sequence, including 'finally'", () => {
    const doc = INTRO + "First, the state should meter every large well so that use is known.\n\nSecond, water rights must be tradable within each basin.\n\nFinally, cities should pay farmers to fallow land in the driest years.\n";
    expect(starts(doc)).toEqual(["First, the state should", "Second, water rights must", "Finally, cities should pay"]);
  });

  it("finds ordinals that skip words: 'first of all', 'in the second place', 'the third'", () => {
    const doc = INTRO + "It would, first of all, be necessary to meter every large well.\n\nIn the second place, we must let rights be traded within each basin.\n\nThat brings us to the third step, namely that cities should pay farmers to fallow land.\n";
    expect(recsOf(doc)).toHaveLength(3);
  });

  it("keeps a recommendation that runs over several sentences as one item", () => {
    const doc = INTRO + "First, the state should meter every large well. Meters are cheap. They settle disputes.\n\nSecond, rights must be tradable within each basin.\n";
    const r = recsOf(doc);
    expect(r).toHaveLength(2);
    expect(r[0]!.text).toBe("First, the state should meter every large well. Meters are cheap. They settle disputes.");
  });

  it("ignores an enumeration of past events", () => {
    const doc = INTRO + "First, we met the growers in March.\n\nSecond, we visited three basins.\n\nThird, we wrote this report.\n";
    expect(recsOf(doc)).toEqual([]);
  });

  it("takes a numbered list announced as recommendations, not its nested sub-items", () => {
    const doc = INTRO + "We recommend the following measures:\n1. Meter every large well within two years.\n  a. Start with wells over 100 acre-feet.\n2. Allow trading of rights within each basin.\n3. Pay farmers to fallow land in drought years.\n\nThe rest of this paper explains why.\n";
    expect(starts(doc)).toEqual(["Meter every large well", "Allow trading of rights", "Pay farmers to fallow"]);
  });

  it("reads numbering that restarts under a second heading", () => {
    const doc = INTRO + "Recommendations for the legislature\n\n1. Fund a statewide metering program.\n2. Create a water bank for each basin.\n\nRecommendations for the water board\n\n1. Publish monthly use by basin.\n2. Review every basin plan each year.\n";
    expect(recsOf(doc)).toHaveLength(4);
  });

  it("takes bullets under a Recommendations heading", () => {
    const doc = INTRO + "## Recommendations\n\n- Meter every large well within two years.\n- Allow trading of rights within each basin.\n\n## Background\n\nThe basins differ widely.\n";
    expect(starts(doc, true)).toEqual(["Meter every large well", "Allow trading of rights"]);
  });

  it("takes one heading per recommendation", () => {
    const doc = INTRO + "Some lessons from the last drought follow.\n\nMeter every large well\n\nWithout meters, nobody knows who used what.\n\nLet rights be traded within each basin\n\nTrading moves water to where it is worth most.\n\nPay farmers to fallow land\n\nFallowing is cheaper than new reservoirs.\n";
    expect(starts(doc)).toEqual(["Meter every large well", "Let rights be traded", "Pay farmers to fallow"]);
  });

  it("takes the directive paragraphs of a recommendations section and skips its context", () => {
    const doc = INTRO + "Findings\n\nUse rose by a third.\n\nRecommendations for Executive Action\n\nWe are making two recommendations to the Department.\n\nThe Secretary of the Interior should require every basin to publish its water use monthly. (Recommendation 1)\n\nThe Secretary of the Interior should ensure that trading rules are reviewed every year. (Recommendation 2)\n\nAgency Comments\n\nThe Department concurred with both recommendations.\n";
    expect(recsOf(doc).map((r) => r.text.slice(0, 40))).toEqual(["The Secretary of the Interior should req", "The Secretary of the Interior should ens"]);
  });

  it("takes first-person proposals in prose and drops a closing recap", () => {
    const doc = INTRO + "The present allocation is unfair to junior rights holders.\n\nI therefore recommend that the legislature create a water bank in each basin.\n\nWe also propose that every well over a set size be metered by 2030.\n\nI recommend, then, a water bank in each basin and meters on every large well.\n";
    expect(recsOf(doc)).toHaveLength(2);
  });

  it("finds nothing in a document that recommends nothing", () => {
    const doc = INTRO + "The report describes how water rights developed. First, the courts recognised riparian rights. Second, the legislature created permits.\n\nCritics say the system favours old rights. Others worry that change would disrupt farms.\n";
    expect(recsOf(doc)).toEqual([]);
  });

  it("titles each thread briefly and uniquely", () => {
    const doc = INTRO + "First, it is important to meter every large well in the state.\n\nSecond, we must allow the trading of water rights within each basin.\n";
    expect(recsOf(doc).map((r) => r.title)).toEqual(["Meter every large well in the state", "Allow the trading of water rights within each basin"]);
  });
});

describe("objections and counterarguments", () => {
  const doc =
    INTRO +
    "Critics say that metering wells invades the privacy of farmers. Those who oppose trading argue that it lets cities buy up rural water. It is said that fallowing ruins rural towns. Some worry that banks will be gamed.\n\nFirst, the state should meter every large well.\n\nSecond, water rights must be tradable within each basin, with cities allowed to buy.\n\nThird, the state should build new canals.\n";
  const x = extract(parseText("doc.txt", doc, false));

  it("finds reported objections by who objects", () => {
    expect(x.objections.map((o) => o.text.split(" ").slice(0, 2).join(" "))).toEqual(["Critics say", "Those who", "It is", "Some worry"]);
  });

  it("attaches an objection to the recommendation it challenges, quoting the document", () => {
    const first = x.recommendations[0]!.counterarguments.filter((c) => c.source === "document");
    expect(first.some((c) => c.text.includes("metering wells invades the privacy"))).toBe(true);
    const second = x.recommendations[1]!.counterarguments.filter((c) => c.source === "document");
    expect(second.some((c) => c.text.includes("lets cities buy up rural water"))).toBe(true);
  });

  it("gives every thread at least two counterarguments, each naming what it challenges", () => {
    for (const r of x.recommendations) {
      expect(r.counterarguments.length).toBeGreaterThanOrEqual(2);
      expect(r.counterarguments.length).toBeLessThanOrEqual(3);
    }
    const lens = x.recommendations[2]!.counterarguments.filter((c) => c.source === "lens");
    expect(lens.length).toBeGreaterThanOrEqual(2);
    for (const c of lens) expect(c.text.toLowerCase()).toContain("build new canals");
    expect(new Set(lens.map((c) => c.text.split(":")[0])).size).toBe(lens.length);
  });
});

describe("sentences", () => {
  it("does not split at abbreviations, initials or section numbers", () => {
    const s = splitSentences("The U.S. Government and Dr. Smith agreed, e.g. on Sec. 3.1 and No. 4. J. R. Jones did not. Then it ended.", 0, 0);
    expect(s.map((x) => x.text)).toEqual(["The U.S. Government and Dr. Smith agreed, e.g. on Sec. 3.1 and No. 4.", "J. R. Jones did not.", "Then it ended."]);
  });

  it("keeps offsets into the text", () => {
    const text = "  One sentence here. “Another one,” she said. ";
    for (const s of splitSentences(text, 10, 0)) expect(text.slice(s.start - 10, s.end - 10)).toBe(s.text);
  });
});

describe("reading documents", () => {
  it("reads HTML through a parser, dropping navigation, scripts and styles", async () => {
    const dir = tempDir();
    const file = path.join(dir, "page.html");
    writeFileSync(
      file,
      `<!doctype html><html><head><title>Water Policy</title><style>p{color:red}</style><script>var first = "First, do not read me.";</script></head>
<body><nav><a href="/">Home</a> First, a menu.</nav><h1>Water Policy for Dry Years</h1><p>By tradition &amp; law, water is shared by seniority.</p>
<p>First, the state should meter every large well.</p><p>Second, rights must be tradable within each basin.</p><footer>© 2026</footer></body></html>`,
    );
    const doc = await readDocument(file);
    expect(doc.title).toBe("Water Policy for Dry Years");
    expect(doc.text).not.toMatch(/color:red|do not read me|a menu|©/);
    expect(doc.text).toContain("By tradition & law");
    const x = extract(doc);
    expect(x.recommendations.map((r) => doc.text.slice(r.start, r.end))).toEqual(["First, the state should meter every large well.", "Second, rights must be tradable within each basin."]);
  });

  it("keeps an article's own header, drops the page's, and reads the author from meta", async () => {
    const dir = tempDir();
    const file = path.join(dir, "article.html");
    writeFileSync(
      file,
      `<html><head><title>Site name | Water</title><meta name="author" content="Maria Gonzalez"></head><body><header><a href="/">Site name</a> Subscribe now</header>
<article><header><h1>Water Policy for Dry Years</h1></header><p>Water is scarce and shared badly.</p><p>First, the state should meter every large well.</p><p>Second, rights must be tradable.</p></article><footer>Contact us</footer></body></html>`,
    );
    const doc = await readDocument(file);
    expect(doc.title).toBe("Water Policy for Dry Years");
    expect(doc.author).toBe("Maria Gonzalez");
    expect(doc.text).not.toMatch(/Subscribe|Contact us|Site name/);
    expect(extract(doc).recommendations).toHaveLength(2);
  });

  it("reads Markdown front matter as the title and author, not as text", async () => {
    const dir = tempDir();
    const file = path.join(dir, "post.md");
    writeFileSync(file, `---\ntitle: "Water Policy for Dry Years"\nauthor: Maria Gonzalez\nlayout: post\n---\n\nWater is scarce.\n\nFirst, the state should meter every large well.\n\nSecond, rights must be tradable.\n`);
    const doc = await readDocument(file);
    expect(doc.title).toBe("Water Policy for Dry Years");
    expect(doc.author).toBe("Maria Gonzalez");
    expect(doc.text).not.toContain("layout");
    expect(extract(doc).recommendations).toHaveLength(2);
  });

  it("reads a PDF's text, paragraphs intact", async () => {
    const dir = tempDir();
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([600, 800]);
    const lines: [string, number][] = [
      ["Water Policy for Dry Years", 750],
      ["Droughts are longer now, and the rules that share water", 700],
      ["were written for a wetter century.", 686],
      ["First, the state should meter every large well.", 640],
      ["Second, rights must be tradable within each basin.", 600],
    ];
    for (const [t, y] of lines) page.drawText(t, { x: 50, y, size: 12, font });
    const file = path.join(dir, "paper.pdf");
    writeFileSync(file, await pdf.save());
    const doc = await readDocument(file);
    expect(doc.text).toContain("the rules that share water were written for a wetter century.");
    expect(extract(doc).recommendations.map((r) => r.text)).toEqual(["First, the state should meter every large well.", "Second, rights must be tradable within each basin."]);
  });

  it("finds the title and author a document states", async () => {
    const doc = parseText("a.txt", "On Water\n\nMaria Gonzalez\n\nWater is scarce. It is shared badly.\n", false);
    expect(doc.title).toBe("On Water");
    expect(doc.author).toBe("Maria Gonzalez");
  });
});

describe("recommendations in other shapes", () => {
  it("takes bulleted items with bold lead-ins under a policy recommendations heading", () => {
    const doc = INTRO + "## Policy recommendations\n\n- **Meter every large well.** The state should pay for the meters.\n- **Create basin water banks.** Banks let growers lease water for a season.\n\n## Conclusion\n\nDry years will come again.\n";
    expect(starts(doc, true)).toEqual(["Meter every large well.", "Create basin water banks."]);
  });

  it("takes 'Recommendation N:' headings", () => {
    const doc = INTRO + "Recommendation 1: Meter every large well\n\nMeters settle disputes.\n\nRecommendation 2: Create basin water banks\n\nBanks move water to where it is needed.\n";
    expect(recsOf(doc).map((r) => r.text)).toEqual(["Meter every large well", "Create basin water banks"]);
  });

  it("takes a numbered list of 'X should' items without an announcing introduction", () => {
    const doc = INTRO + "Conclusions\n\n1. The state should meter every large well.\n2. Each basin should run a water bank.\n3. Cities should pay for fallowing in drought years.\n";
    expect(recsOf(doc)).toHaveLength(3);
  });

  it("does not mistake a court's test, reported, for the author's proposals", () => {
    const doc = INTRO + "The court set out a two-part test in 1998. First, the claimant must show a prior right. Second, the claimant must show actual use.\n\nThe test remains good law.\n";
    expect(recsOf(doc)).toEqual([]);
  });
});

describe("more ways documents put things", () => {
  it("reads 'The first step is ...' and 'Third and finally,'", () => {
    const doc = INTRO + "The first step is to meter every large well.\n\nThe second step is to let rights be traded within each basin.\n\nThird and finally, cities should pay farmers to fallow land.\n";
    expect(recsOf(doc)).toHaveLength(3);
  });

  it("does not read section names as imperative headings", () => {
    const doc = INTRO + "Bail in the Federal System\n\nFederal courts set bail under the statute.\n\nRelease on Recognizance\n\nSome defendants are released without bail.\n\nState Practice\n\nStates vary widely.\n";
    expect(recsOf(doc)).toEqual([]);
  });

  it("takes a section titled 'Recommendations to the Administration'", () => {
    const doc = INTRO + "Recommendations to the Administration\n\nThe Administration should publish basin data monthly.\n\nThe Administration should fund meters for small farms.\n";
    expect(recsOf(doc)).toHaveLength(2);
  });

  it("finds objections stated as objections, risks, and agency disagreement", () => {
    const doc = parseText("d.txt", INTRO + "One objection is that meters are costly. The main risk of this approach is that trading concentrates water. Admittedly, fallowing hurts farm workers. The department disagreed with our recommendation. Some have questioned the data.\n", false);
    expect(extract(doc).objections).toHaveLength(5);
  });
});

describe("lists vouched for by their introduction", () => {
  it("takes noun-phrase bullets after 'We recommend:'", () => {
    const doc = INTRO + "We recommend:\n- A statewide registry of every large well.\n- Basin water banks with published prices.\n\nThese would cost little.\n";
    expect(recsOf(doc)).toHaveLength(2);
  });

  it("takes paragraphs that name themselves 'Recommendation N:'", () => {
    const doc = INTRO + "Recommendation 1: The state should meter every large well.\n\nRecommendation 2: Each basin should run a water bank.\n";
    expect(recsOf(doc)).toHaveLength(2);
  });
});

describe("numbered items with explanations between them", () => {
  it("takes '1. ...' items each followed by a paragraph", () => {
    const doc = INTRO + "We propose three reforms.\n\n1. Meter every large well.\n\nMeters settle disputes and cost little.\n\n2. Create basin water banks.\n\nBanks move water to where it is needed.\n\n3. Pay farmers to fallow land in drought years.\n\nFallowing is cheaper than reservoirs.\n";
    expect(starts(doc)).toEqual(["Meter every large well.", "Create basin water banks.", "Pay farmers to fallow"]);
  });

  it("takes numbered Markdown headings", () => {
    const doc = INTRO + "## 1. Meter every large well\n\nMeters settle disputes.\n\n## 2. Create basin water banks\n\nBanks move water.\n";
    expect(recsOf(doc, true).map((r) => r.text)).toEqual(["Meter every large well", "Create basin water banks"]);
  });
});

describe("speeches, op-eds and briefs", () => {
  it("takes a speech's proposals, requests and commitments one by one", () => {
    const doc = INTRO + "Fourteen clinics closed last year.\n\nSo tonight I am proposing a Rural Water Compact. I am asking the legislature to fund meters in every county. I will also sign an order directing the water board to publish use monthly.\n\nSome will say we cannot afford it.\n";
    const r = recsOf(doc);
    expect(r.map((x) => x.title)).toEqual(["A Rural Water Compact", "Fund meters in every county", "Sign an order directing the water board to publish use monthly"]);
  });

  it("titles 'The first is to ...' items by their action", () => {
    const doc = INTRO + "Three changes would help.\n\nThe first is to meter every large well.\n\nThe second is to let rights be traded.\n";
    expect(recsOf(doc).map((x) => x.title)).toEqual(["Meter every large well", "Let rights be traded"]);
  });

  it("ties an objection to the item it names, and posts one that names no item under none", () => {
    const doc = INTRO + "First, the state should meter every large well.\n\nSecond, each basin should run a water bank.\n\nCritics contend that meters are too costly for small farms. Opponents argue that the whole plan is an overreach.\n";
    const x = extract(parseText("d.txt", doc, false));
    const quotes = (i: number) => x.recommendations[i]!.counterarguments.filter((c) => c.source === "document").map((c) => c.text);
    expect(quotes(0).some((t) => t.includes("meters are too costly"))).toBe(true);
    expect(quotes(1).some((t) => t.includes("meters are too costly"))).toBe(false);
    // Placed by what it says, not by where it stands: sharing nothing, it fills no thread's place.
    expect(quotes(0).some((t) => t.includes("whole plan is an overreach"))).toBe(false);
    expect(quotes(1).some((t) => t.includes("whole plan is an overreach"))).toBe(false);
  });
});
