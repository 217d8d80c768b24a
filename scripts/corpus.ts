/**
 * The labelled documents (docs/*.txt + labels.json in each directory), read and analysed once,
 * for training (scripts/train.ts) and evaluation (scripts/eval.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readDocument } from "../src/document/read.ts";
import type { Document } from "../src/document/types.ts";
import { analyse, type Analysis } from "../src/extract/analysis.ts";

export interface Label {
  anchor: string;
  summary?: string;
}

export interface LabelledDocument {
  file: string;
  dir: string;
  structure: string;
  doc: Document;
  a: Analysis;
  recommendations: Label[];
  objections: Label[];
}

export const HERE = path.resolve(import.meta.dirname, "..");
export const DEFAULT_DIRS = [path.join(HERE, "../shared/corpus"), path.join(HERE, "../shared/seed")];

export async function loadCorpus(dirs: string[] = DEFAULT_DIRS): Promise<LabelledDocument[]> {
  const out: LabelledDocument[] = [];
  for (const dir of dirs) {
    const labelFile = path.join(dir, "labels.json");
    if (!existsSync(labelFile)) {
      console.error(`${dir}: no labels.json; skipped`);
      continue;
    }
    const labels = JSON.parse(readFileSync(labelFile, "utf8")) as Record<string, { structure?: string; recommendations: Label[]; objections: Label[] }>;
    for (const [file, l] of Object.entries(labels)) {
      const doc = await readDocument(path.join(dir, "docs", file));
      out.push({ file, dir, structure: l.structure ?? "unknown", doc, a: analyse(doc), recommendations: l.recommendations, objections: l.objections });
    }
  }
  return out;
}

/**
 * Which units hold a label: the unit in which each anchor starts (anchors are exact substrings of
 * the text, each occurring once), else the first unit after it.
 */
export function positives(doc: Document, units: { start: number; end: number }[], anchors: Label[]): Set<number> {
  const out = new Set<number>();
  for (const l of anchors) {
    const at = doc.text.indexOf(l.anchor);
    if (at < 0) continue;
    let k = units.findIndex((u) => u.start <= at && at < u.end);
    if (k < 0) k = units.findIndex((u) => u.start >= at);
    if (k >= 0) out.add(k);
  }
  return out;
}
