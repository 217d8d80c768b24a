/**
 * Retrains the scorers from the labelled corpus and writes src/extract/weights.ts.
 * Usage: node bin/run-ts.js scripts/train.ts [dir ...]   (default: ../shared/corpus and ../shared/seed)
 *
 * Each unit of each document (sentence, heading, enumerated part) is an example; it is positive
 * when a label's anchor starts in it. The model is a logistic regression over the features in
 * src/extract/features.ts; the threshold is the one that gives the best F1 over the units.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { objectionEvidence } from "../src/extract/objection-features.ts";
import { recommendationEvidence } from "../src/extract/features.ts";
import { probability, train, type Model, type TrainOptions } from "../src/extract/model.ts";
import { objectionUnits } from "../src/extract/objections.ts";
import { unitsOf } from "../src/extract/units.ts";
import { DEFAULT_DIRS, HERE, loadCorpus, positives, type LabelledDocument } from "./corpus.ts";

export interface Examples {
  names: string[];
  X: number[][];
  y: number[];
  /** Which document each example comes from (index into the corpus). */
  doc: number[];
}

/** One example per unit of every document, labelled by whether an anchor of `labels` starts in it. */
function examples<U extends { start: number; end: number }>(
  docs: LabelledDocument[],
  unitsOf: (d: LabelledDocument) => U[],
  evidence: (d: LabelledDocument, units: U[]) => { names: string[]; rows: number[][] },
  labels: (d: LabelledDocument) => LabelledDocument["recommendations"],
): Examples {
  const ex: Examples = { names: [], X: [], y: [], doc: [] };
  docs.forEach((d, di) => {
    const units = unitsOf(d);
    const { names, rows } = evidence(d, units);
    const pos = positives(d.doc, units, labels(d));
    ex.names = names;
    rows.forEach((x, k) => {
      ex.X.push(x);
      ex.y.push(pos.has(k) ? 1 : 0);
      ex.doc.push(di);
    });
  });
  return ex;
}

export function recommendationExamples(docs: LabelledDocument[]): Examples {
  return examples(docs, (d) => unitsOf(d.doc, d.a), (d, units) => recommendationEvidence(d.doc, d.a, units), (d) => d.recommendations);
}

export function objectionExamples(docs: LabelledDocument[]): Examples {
  return examples(docs, (d) => objectionUnits(d.doc, d.a), (d, units) => objectionEvidence(d.doc, d.a, units), (d) => d.objections);
}

/** What the structural rules concluded starts at a weight of 3 (a unit they take is likely one). */
const RULES_PRIOR = Object.fromEntries(["rule: ordinal sequence", "rule: list", "rule: heading series", "rule: recommendations section", "rule: prose proposal"].map((f) => [f, 3]));

/** What the grammar of attribution and stance concluded, likewise trusted at first. */
const STANCE_PRIOR = {
  "claim attributed to objectors": 3,
  "question the author answers": 2,
  "labelled claim (Myth:, Objection:)": 3,
  concession: 2,
  "agency does not concur": 2,
  "claim after a scene": 1,
};

export const SETTINGS: Record<"recommendations" | "objections", TrainOptions & { beta?: number }> = {
  recommendations: { l2: 0.05, priorL2: 0.001, iterations: 2500, positiveWeight: 3, prior: RULES_PRIOR },
  objections: { l2: 0.1, priorL2: 0.001, iterations: 2500, positiveWeight: 3, prior: STANCE_PRIOR, beta: 1.5 },
};

/**
 * Fits a model on the examples whose document passes `keep`, with the threshold of best unit
 * F-beta: beta 1 weighs precision and recall alike; above 1 favours recall (objections: a missed
 * objection loses a thread's best counterargument, a spurious one is easy for a moderator to drop).
 */
export function fit(ex: Examples, settings: TrainOptions & { beta?: number }, keep: (doc: number) => boolean = () => true): Model {
  const b2 = (settings.beta ?? 1) ** 2;
  const idx = ex.doc.map((d, k) => (keep(d) ? k : -1)).filter((k) => k >= 0);
  const X = idx.map((k) => ex.X[k]!);
  const y = idx.map((k) => ex.y[k]!);
  const model = train(ex.names, X, y, settings);
  const p = X.map((x) => probability(model, x));
  let best = { t: 0.5, f1: -1 };
  // Not below 0.25: a unit taken on a sliver of evidence would be taken on unseen documents too.
  for (let t = 0.25; t <= 0.9; t += 0.025) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    p.forEach((v, k) => {
      if (v >= t && y[k]) tp++;
      else if (v >= t) fp++;
      else if (y[k]) fn++;
    });
    const f1 = tp ? ((1 + b2) * tp) / ((1 + b2) * tp + b2 * fn + fp) : 0;
    if (f1 > best.f1 + 1e-9) best = { t: Math.round(t * 1000) / 1000, f1 };
  }
  return { ...model, threshold: best.t };
}

function render(m: Model): string {
  const rows = m.features.map((f, i) => `      [${JSON.stringify(f)}, ${m.weights[i]}],`).join("\n");
  return `{\n    threshold: ${m.threshold},\n    bias: ${m.bias},\n    ...weighted([\n${rows}\n    ]),\n  }`;
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const docs = await loadCorpus(dirs.length ? dirs : DEFAULT_DIRS);
  const rec = fit(recommendationExamples(docs), SETTINGS.recommendations);
  const obj = fit(objectionExamples(docs), SETTINGS.objections);
  const file = path.join(HERE, "src/extract/weights.ts");
  writeFileSync(
    file,
    `// Generated by scripts/train.ts from the labelled corpus (${docs.length} documents); do not edit by hand:\n` +
      `// change features or labels, then run \`node bin/run-ts.js scripts/train.ts\`. Each weight is a feature's log-odds.\n` +
      `import type { Model } from "./model.ts";\n\n` +
      `function weighted(pairs: [string, number][]): { features: string[]; weights: number[] } {\n  return { features: pairs.map(([f]) => f), weights: pairs.map(([, w]) => w) };\n}\n\n` +
      `export const WEIGHTS: { recommendations: Model; objections: Model } = {\n  recommendations: ${render(rec)},\n  objections: ${render(obj)},\n};\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}: recommendations threshold ${rec.threshold}, objections threshold ${obj.threshold}`);
}

if (process.argv[1]?.endsWith("train.ts")) await main();
