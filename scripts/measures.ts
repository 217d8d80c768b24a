import type { Extraction } from "../src/extract/index.ts";
import type { Scored } from "./eval.ts";
import { anchorKey, matchIndices, normalise } from "./eval.ts";

/** Per document: each labelled objection's anchor and the (1-based, labelled) recommendations it bears on. */
export type PlacementLabels = Record<string, { anchor: string; bears_on: number[] }[] | string>;

const MAX_TITLE = 80;

/**
 * What participants would read, measured over every thread: titles cut or too long, contexts
 * that repeat a recommendation, questions that quote a fragment of one. Each should be zero.
 */
export function contentProblems(xs: Extraction[]): { threads: number; titles: string[]; contexts: string[]; questions: string[] } {
  const titles: string[] = [];
  const contexts: string[] = [];
  const questions: string[] = [];
  let threads = 0;
  for (const x of xs) {
    const recTexts = x.recommendations.map((r) => normalise(r.text));
    for (const r of x.recommendations) {
      threads++;
      if (r.title.length > MAX_TITLE || /…|\.\.\.$/.test(r.title) || /\b(?:the|a|an|of|to|and|or|that|which|between|with|for|in|on)$/i.test(r.title)) titles.push(`title: ${r.title}`);
      const ctx = normalise(r.context);
      // A context repeats a recommendation when it holds eight consecutive words of one.
      if (ctx && recTexts.some((t) => shares(ctx, t, 8))) contexts.push(`context of "${r.title}": ${r.context.slice(0, 100)}`);
      for (const q of r.questions) {
        for (const m of q.matchAll(/“([^”]+)”/g)) if (m[1] !== r.title && !recTexts.some((t) => t === normalise(m[1]!))) questions.push(`question: ${q}`);
      }
    }
  }
  return { threads, titles, contexts, questions };
}

function shares(a: string, b: string, n: number): boolean {
  const w = b.split(" ");
  for (let i = 0; i + n <= w.length; i++) if (` ${a} `.includes(` ${w.slice(i, i + n).join(" ")} `)) return true;
  return false;
}

/**
 * Placement: for each labelled objection the extractor found, whether the threads it was posted
 * under are among those the label says it bears on.
 */
export function placementScore(scored: Scored[], labels: PlacementLabels): { documents: number; labelled: number; right: number; wrong: number; misses: string[] } {
  let documents = 0;
  let labelled = 0;
  let right = 0;
  let wrong = 0;
  const misses: string[] = [];
  for (const s of scored) {
    const l = labels[s.file];
    if (!Array.isArray(l)) continue;
    documents++;
    // Which predicted recommendation stands for each labelled one.
    const recOf = matchIndices(s.x.recommendations.map((r) => r.text), s.labels.recommendations.map((r) => r.anchor));
    for (const o of l) {
      labelled++;
      const found = s.x.objections.find((p) => normalise(p.text).includes(anchorKey(o.anchor)));
      if (!found) {
        misses.push(`${s.file}: objection not found: ${o.anchor}`);
        continue;
      }
      const under = s.x.recommendations.map((r, i) => (r.counterarguments.some((c) => c.source === "document" && c.start === found.start) ? i : -1)).filter((i) => i >= 0);
      const allowed = o.bears_on.map((n) => recOf[n - 1] ?? -1).filter((i) => i >= 0);
      const bad = under.filter((i) => !allowed.includes(i));
      if (under.length && !bad.length) right++;
      else misses.push(`${s.file}: "${o.anchor}" posted under ${under.map((i) => s.x.recommendations[i]!.id).join(", ") || "no thread"}`);
      if (bad.length) wrong++;
    }
  }
  return { documents, labelled, right, wrong, misses };
}
