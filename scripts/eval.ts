/**
 * Scores `seminar draft --json` against labelled corpora (docs/*.txt + labels.json).
 * Usage: npm run eval [-- --verbose] [-- --no-cross-check] [dir ...]   (default: ../shared/corpus and ../shared/seed)
 *
 * Matching rule: a predicted item matches a label when its text, lower-cased with punctuation
 * removed, contains the label anchor's first six words treated the same way; each prediction
 * matches at most one label. Recommendations get precision, recall and F1; objections precision
 * and recall. Then the content of the threads (titles, contexts, questions) and, where
 * tests/fixtures/placement.json says which recommendation an objection bears on, its placement.
 * Last, the cross-check: each document scored by scorers retrained without it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { extract, type Extraction } from "../src/extract/index.ts";
import { findObjections } from "../src/extract/objections.ts";
import { loadLensFile, loadQuestionFile } from "../src/extract/prompts.ts";
import { findRecommendations } from "../src/extract/recommendations.ts";
import { DEFAULT_DIRS, HERE, loadCorpus } from "./corpus.ts";
import { contentProblems, placementScore, type PlacementLabels } from "./measures.ts";
import { fit, objectionExamples, recommendationExamples, SETTINGS } from "./train.ts";

interface Labels {
  [file: string]: { structure?: string; recommendations: { anchor: string }[]; objections: { anchor: string }[] };
}

export function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function anchorKey(anchor: string): string {
  return normalise(anchor).split(" ").slice(0, 6).join(" ");
}

/** Greedy one-to-one matching in document order; returns which prediction each anchor took (-1: none). */
export function matchIndices(predicted: string[], anchors: string[]): number[] {
  const used = new Set<number>();
  const norms = predicted.map(normalise);
  return anchors.map((a) => {
    const key = anchorKey(a);
    const i = norms.findIndex((p, j) => !used.has(j) && p.includes(key));
    if (i >= 0) used.add(i);
    return i;
  });
}

export function matchCount(predicted: string[], anchors: string[]): number {
  return matchIndices(predicted, anchors).filter((i) => i >= 0).length;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const pct = (x: number) => x.toFixed(2);

interface Tally {
  docs: number;
  tp: number;
  pred: number;
  gold: number;
  objTp: number;
  objPred: number;
  objGold: number;
}
const tally = (): Tally => ({ docs: 0, tp: 0, pred: 0, gold: 0, objTp: 0, objPred: 0, objGold: 0 });
function add(t: Tally, u: Omit<Tally, "docs">): void {
  t.docs++;
  t.tp += u.tp;
  t.pred += u.pred;
  t.gold += u.gold;
  t.objTp += u.objTp;
  t.objPred += u.objPred;
  t.objGold += u.objGold;
}
function row(name: string, t: Tally): string {
  const p = t.pred ? t.tp / t.pred : t.gold ? 0 : 1;
  const r = t.gold ? t.tp / t.gold : 1;
  const op = t.objPred ? t.objTp / t.objPred : t.objGold ? 0 : 1;
  const or = t.objGold ? t.objTp / t.objGold : 1;
  return `${name.slice(0, 52).padEnd(52)} ${String(t.pred).padStart(4)} ${String(t.gold).padStart(4)} ${pct(p).padStart(5)} ${pct(r).padStart(5)} ${pct(f1(p, r)).padStart(5)}  ${`${t.objTp}/${t.objGold}`.padStart(5)} ${String(t.objPred).padStart(4)} ${pct(op).padStart(6)} ${pct(or).padStart(6)}`;
}
const HEADER = `${"".padEnd(52)} ${"pred".padStart(4)} ${"gold".padStart(4)} ${"P".padStart(5)} ${"R".padStart(5)} ${"F1".padStart(5)}  ${"obj".padStart(5)} ${"pred".padStart(4)} ${"obj-P".padStart(6)} ${"obj-R".padStart(6)}`;

export interface Scored {
  file: string;
  structure: string;
  x: Extraction;
  text: string;
  labels: Labels[string];
}

function counts(x: { recs: string[]; objs: string[] }, l: { recommendations: { anchor: string }[]; objections: { anchor: string }[] }): Omit<Tally, "docs"> & { recMatch: number[]; objMatch: number[] } {
  const recMatch = matchIndices(x.recs, l.recommendations.map((r) => r.anchor));
  const objMatch = matchIndices(x.objs, l.objections.map((o) => o.anchor));
  return {
    tp: recMatch.filter((i) => i >= 0).length,
    pred: x.recs.length,
    gold: l.recommendations.length,
    objTp: objMatch.filter((i) => i >= 0).length,
    objPred: x.objs.length,
    objGold: l.objections.length,
    recMatch,
    objMatch,
  };
}

function structureTable(byStructure: Map<string, Tally>, overall: Tally): void {
  console.log(HEADER);
  for (const s of STRUCTURES) if (byStructure.has(s)) console.log(row(`${s} (${byStructure.get(s)!.docs} documents)`, byStructure.get(s)!));
  for (const [s, t] of byStructure) if (!STRUCTURES.includes(s)) console.log(row(`${s} (${t.docs} documents)`, t));
  console.log(row(`overall (${overall.docs} documents)`, overall));
}

const STRUCTURES = ["ordinal", "numbered", "bullets", "headings", "prose", "none"];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const crossCheck = !args.includes("--no-cross-check");
  const given = args.filter((a) => !a.startsWith("--"));
  const docs = await loadCorpus(given.length ? given : DEFAULT_DIRS);
  const lenses = loadLensFile();
  const questions = loadQuestionFile();
  const overall = tally();
  const byStructure = new Map<string, Tally>();
  const noneViolations: string[] = [];
  const scored: Scored[] = [];
  console.log(`per document\n${HEADER}`);
  for (const d of docs) {
    const x = extract(d.doc, { lenses, questions });
    scored.push({ file: d.file, structure: d.structure, x, text: d.doc.text, labels: d });
    const texts = x.recommendations.map((r) => r.text);
    const objTexts = x.objections.map((o) => o.text);
    const { recMatch, objMatch, ...u } = counts({ recs: texts, objs: objTexts }, d);
    const t = tally();
    add(t, u);
    add(overall, u);
    if (!byStructure.has(d.structure)) byStructure.set(d.structure, tally());
    add(byStructure.get(d.structure)!, u);
    if (d.recommendations.length === 0 && texts.length) noneViolations.push(d.file);
    console.log(row(d.file, t));
    if (verbose) {
      d.recommendations.forEach((r, k) => recMatch[k]! < 0 && console.log(`    missed rec: ${r.anchor}`));
      texts.forEach((p, k) => !recMatch.includes(k) && console.log(`    extra rec (${x.recommendations[k]!.how}): ${p.slice(0, 140)}`));
      d.objections.forEach((o, k) => objMatch[k]! < 0 && console.log(`    missed obj: ${o.anchor}`));
      objTexts.forEach((p, k) => !objMatch.includes(k) && console.log(`    extra obj: ${p.slice(0, 140)}`));
    }
  }
  console.log("\nper structure");
  structureTable(byStructure, overall);

  const P = overall.pred ? overall.tp / overall.pred : 1;
  const R = overall.gold ? overall.tp / overall.gold : 1;
  const oP = overall.objPred ? overall.objTp / overall.objPred : 1;
  const oR = overall.objGold ? overall.objTp / overall.objGold : 1;
  console.log(`\noverall recommendations: precision ${pct(P)}, recall ${pct(R)}, F1 ${pct(f1(P, R))} (${overall.tp} of ${overall.gold} labels, ${overall.pred} predicted)`);
  console.log(`overall objections: precision ${pct(oP)}, recall ${pct(oR)} (${overall.objTp} of ${overall.objGold} labels, ${overall.objPred} predicted)`);
  console.log(`documents labelled "none" with predictions: ${noneViolations.length ? noneViolations.join(", ") : "none"}`);

  const problems = contentProblems(scored.map((s) => s.x));
  console.log(`\ncontent over ${scored.length} documents, ${problems.threads} threads (each should be 0):`);
  console.log(`  titles cut or over 80 characters: ${problems.titles.length}`);
  console.log(`  contexts repeating a recommendation: ${problems.contexts.length}`);
  console.log(`  questions quoting a fragment: ${problems.questions.length}`);
  if (verbose) for (const p of [...problems.titles, ...problems.contexts, ...problems.questions]) console.log(`    ${p}`);

  const placementFile = path.join(HERE, "tests/fixtures/placement.json");
  if (existsSync(placementFile)) {
    const placement = JSON.parse(readFileSync(placementFile, "utf8")) as PlacementLabels;
    const p = placementScore(scored, placement);
    console.log(`\nobjection placement (tests/fixtures/placement.json, ${p.documents} documents): ${p.right} of ${p.labelled} placed under a recommendation they bear on (${pct(p.labelled ? p.right / p.labelled : 1)}), ${p.wrong} posted under one they do not`);
    if (verbose) for (const m of p.misses) console.log(`    ${m}`);
  }

  if (crossCheck) {
    // Leave one document out: the scorers are retrained on the others and score it, as they would
    // a document never seen. This, not the table above, is the estimate for unseen documents.
    const recEx = recommendationExamples(docs);
    const objEx = objectionExamples(docs);
    const cv = tally();
    const cvBy = new Map<string, Tally>();
    const cvNone: string[] = [];
    docs.forEach((d, di) => {
      const recModel = fit(recEx, SETTINGS.recommendations, (k) => k !== di);
      const objModel = fit(objEx, SETTINGS.objections, (k) => k !== di);
      const recs = findRecommendations(d.doc, d.a, recModel).map((r) => r.text);
      const objs = findObjections(d.doc, d.a, objModel).map((o) => o.text);
      const { recMatch: _r, objMatch: _o, ...u } = counts({ recs, objs }, d);
      add(cv, u);
      if (!cvBy.has(d.structure)) cvBy.set(d.structure, tally());
      add(cvBy.get(d.structure)!, u);
      if (d.recommendations.length === 0 && recs.length) cvNone.push(d.file);
    });
    const cP = cv.pred ? cv.tp / cv.pred : 1;
    const cR = cv.gold ? cv.tp / cv.gold : 1;
    console.log(`\ncross-check, each document scored by weights trained without it (leave one out)`);
    structureTable(cvBy, cv);
    console.log(`cross-check recommendations: precision ${pct(cP)}, recall ${pct(cR)}, F1 ${pct(f1(cP, cR))}; objections: precision ${pct(cv.objPred ? cv.objTp / cv.objPred : 1)}, recall ${pct(cv.objGold ? cv.objTp / cv.objGold : 1)}; "none" documents with predictions: ${cvNone.length ? cvNone.join(", ") : "none"}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("eval.ts")) await main();
