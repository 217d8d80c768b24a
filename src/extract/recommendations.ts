import { norm } from "../document/text.ts";
import type { Document } from "../document/types.ts";
import { analyse, type Analysis } from "./analysis.ts";
import { recommendationEvidence } from "./features.ts";
import { aligned, probability, type Model } from "./model.ts";
import { structuralRecommendations, type FoundRecommendation, type Structure } from "./structure.ts";
import { unitsOf, type Unit } from "./units.ts";
import { WEIGHTS } from "./weights.ts";

export type { FoundRecommendation, Structure };

/** An item runs on over the sentences that explain it, to about this many words. */
const ITEM_WORDS = 45;

/**
 * Finds the author's recommendations: every unit of the document (sentence, heading, enumerated
 * part) is scored by a logistic regression over its grammar, its place in the document's structure
 * and what the structural rules concluded (features.ts); those that reach the model's threshold
 * are the recommendations, each running on over the sentences of its paragraph that explain it.
 */
export function findRecommendations(doc: Document, a: Analysis = analyse(doc), model: Model = WEIGHTS.recommendations): FoundRecommendation[] {
  const units = unitsOf(doc, a);
  const rules = structuralRecommendations(doc, a);
  const { names, rows } = recommendationEvidence(doc, a, units, rules);
  const m = aligned(model, names);
  const veto = vetoes(names, rows);
  const chosen = rows.map((x, k) => !veto[k] && probability(m, x) >= m.threshold);
  const out: FoundRecommendation[] = [];
  units.forEach((u, k) => {
    if (!chosen[k]) return;
    out.push(itemOf(doc, a, units, chosen, k, howOf(doc, a, u, rules)));
  });
  return out;
}

/** The probability of each unit, for the evaluation and for training. */
export function scoreUnits(doc: Document, a: Analysis, model: Model = WEIGHTS.recommendations): { units: Unit[]; p: number[] } {
  const units = unitsOf(doc, a);
  const { names, rows } = recommendationEvidence(doc, a, units);
  const m = aligned(model, names);
  return { units, p: rows.map((x) => probability(m, x)) };
}

/**
 * What no weight can outvote: an item of an earlier list that the document says was acted on or is
 * not renewed is not proposed now.
 */
function vetoes(names: string[], rows: number[][]): boolean[] {
  const withdrawn = names.indexOf("ordinal item withdrawn later");
  return rows.map((x) => withdrawn >= 0 && x[withdrawn] === 1);
}

function howOf(doc: Document, a: Analysis, u: Unit, rules: FoundRecommendation[]): Structure {
  const rule = rules.find((r) => r.start >= u.start - 2 && r.start < u.end);
  if (rule) return rule.how;
  if (u.kind === "heading") return "heading";
  if (doc.blocks[u.block]!.kind === "list-item" || u.kind === "inline") return "list";
  if (u.part === 0 && a.ordinals[u.si] !== null) return "ordinal";
  return "prose";
}

/**
 * A chosen unit's item: a heading or an enumerated part as it stands; a list item whole; a
 * sentence with the sentences after it in its paragraph that explain it, up to the next chosen
 * unit, the next ordinal, or about 45 words.
 */
function itemOf(doc: Document, a: Analysis, units: Unit[], chosen: boolean[], k: number, how: Structure): FoundRecommendation {
  const u = units[k]!;
  const block = doc.blocks[u.block]!;
  let end = u.end;
  if (u.kind === "sentence" && u.parts === 1) {
    if (block.kind === "list-item") end = block.end;
    else {
      let words = u.text.split(/\s+/).length;
      for (let j = k + 1; j < units.length; j++) {
        const v = units[j]!;
        if (v.block !== u.block || chosen[j] || words >= ITEM_WORDS || v.kind !== "sentence" || v.parts > 1 || a.ordinals[v.si] !== null) break;
        words += v.text.split(/\s+/).length;
        end = v.end;
      }
    }
  }
  return { text: norm(doc.text.slice(u.start, end)), start: u.start, end, how, block: u.block };
}
