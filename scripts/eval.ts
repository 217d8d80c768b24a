/**
 * Scores `seminar draft --json` against labelled corpora (docs/*.txt + labels.json).
 * Usage: npm run eval [dir ...]   (default: ../shared/corpus and ../shared/seed)
 *
 * Matching rule: a predicted recommendation matches a label when its text, lower-cased with
 * punctuation removed, contains the label anchor's first six words treated the same way; each
 * prediction matches at most one label. Objections are scored for recall the same way.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readDocument } from "../src/document/read.ts";
import { extract } from "../src/extract/index.ts";

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

/** Greedy one-to-one matching in document order. */
export function matchCount(predicted: string[], anchors: string[]): number {
  const used = new Set<number>();
  let n = 0;
  for (const a of anchors) {
    const key = anchorKey(a);
    const i = predicted.findIndex((p, j) => !used.has(j) && normalise(p).includes(key));
    if (i >= 0) {
      used.add(i);
      n++;
    }
  }
  return n;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const pct = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  const here = path.resolve(import.meta.dirname, "..");
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(here, "../shared/corpus"), path.join(here, "../shared/seed")];
  let tp = 0;
  let pred = 0;
  let gold = 0;
  let objFound = 0;
  let objGold = 0;
  const noneViolations: string[] = [];
  console.log(`${"document".padEnd(58)} ${"pred".padStart(4)} ${"gold".padStart(4)} ${"P".padStart(5)} ${"R".padStart(5)} ${"F1".padStart(5)}  obj-recall`);
  for (const dir of dirs) {
    const labelFile = path.join(dir, "labels.json");
    if (!existsSync(labelFile)) {
      console.error(`${dir}: no labels.json; skipped`);
      continue;
    }
    const labels = JSON.parse(readFileSync(labelFile, "utf8")) as Labels;
    for (const [file, l] of Object.entries(labels)) {
      const x = extract(await readDocument(path.join(dir, "docs", file)));
      const texts = x.recommendations.map((r) => r.text);
      const m = matchCount(texts, l.recommendations.map((r) => r.anchor));
      const om = matchCount(x.objections.map((o) => o.text), l.objections.map((o) => o.anchor));
      tp += m;
      pred += texts.length;
      gold += l.recommendations.length;
      objFound += om;
      objGold += l.objections.length;
      if (l.recommendations.length === 0 && texts.length) noneViolations.push(file);
      const p = texts.length ? m / texts.length : l.recommendations.length ? 0 : 1;
      const r = l.recommendations.length ? m / l.recommendations.length : 1;
      console.log(
        `${file.slice(0, 58).padEnd(58)} ${String(texts.length).padStart(4)} ${String(l.recommendations.length).padStart(4)} ${pct(p).padStart(5)} ${pct(r).padStart(5)} ${pct(f1(p, r)).padStart(5)}  ${l.objections.length ? `${om}/${l.objections.length}` : "-"}`,
      );
    }
  }
  const P = pred ? tp / pred : 1;
  const R = gold ? tp / gold : 1;
  console.log(`\noverall recommendations: precision ${pct(P)}, recall ${pct(R)}, F1 ${pct(f1(P, R))} (${tp} of ${gold} labels, ${pred} predicted)`);
  console.log(`overall objections: recall ${pct(objGold ? objFound / objGold : 1)} (${objFound} of ${objGold})`);
  console.log(`documents labelled "none" with predictions: ${noneViolations.length ? noneViolations.join(", ") : "none"}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("eval.ts")) await main();
