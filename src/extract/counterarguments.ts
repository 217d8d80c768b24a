import { readFileSync } from "node:fs";
import { PROMPTS_DIR } from "../render/template.ts";
import { parse } from "yaml";
import { z } from "zod";
import { contentWords, normalizeQuotes, overlap } from "./cues.ts";
import type { FoundObjection } from "./objections.ts";

export type CounterSource = "document" | "lens" | "moderator" | "llm";
export interface Counterargument {
  text: string;
  source: CounterSource;
  /** The lens id, or the objection's offsets, so a moderator can trace it. */
  lens?: string;
  start?: number;
  end?: number;
}

const lensFile = z.object({
  lenses: z.array(z.object({ id: z.string(), fits: z.array(z.string()), template: z.string() })).min(2),
});
export type Lens = z.infer<typeof lensFile>["lenses"][number];

export const DEFAULT_LENS_FILE = `${PROMPTS_DIR}lenses.yaml`;

let cached: Lens[] | undefined;
export function loadLenses(file = DEFAULT_LENS_FILE): Lens[] {
  if (file === DEFAULT_LENS_FILE && cached) return cached;
  const lenses = lensFile.parse(parse(readFileSync(file, "utf8"))).lenses;
  if (file === DEFAULT_LENS_FILE) cached = lenses;
  return lenses;
}

/**
 * Objections attach to the recommendation(s) they share the most vocabulary with;
 * one that shares nothing with any stays in the document's list but challenges no thread.
 */
export function attachObjections(recs: { text: string; start: number }[], objections: FoundObjection[], max = 3): number[][] {
  const recWords = recs.map((r) => contentWords(r.text));
  // Words every thread shares (the document's subject) say nothing about which thread an objection challenges.
  const df = new Map<string, number>();
  for (const rw of recWords) for (const w of rw) df.set(w, (df.get(w) ?? 0) + 1);
  const weight = (w: string) => Math.log(1 + recs.length / (df.get(w) ?? recs.length));
  const attached: number[][] = recs.map(() => []);
  objections.forEach((o, oi) => {
    const w = contentWords(o.text);
    const scores = recWords.map((rw) => [...w].filter((x) => rw.has(x)).reduce((n, x) => n + weight(x), 0));
    const shared = recWords.map((rw) => overlap(w, rw));
    const best = Math.max(0, ...scores);
    // Two shared words, or one that only this item uses ("fiber"), tie an objection to an item.
    const distinctive = Math.log(1 + recs.length);
    if (best <= 0 || (Math.max(...shared) < 2 && best < distinctive)) return;
    scores.forEach((s, ri) => {
      if (s >= best * 0.85 && (shared[ri]! >= 2 || s >= distinctive) && attached[ri]!.length < max) attached[ri]!.push(oi);
    });
  });
  const used = new Set(attached.flat());
  objections.forEach((o, oi) => {
    if (used.has(oi)) return;
    const next = recs.findIndex((r) => r.start > o.end);
    if (next >= 0) {
      // Reported before the proposals, it usually sets up the first of them ("Critics argue ... First, ...").
      if (attached[next]!.length < max) attached[next]!.push(oi);
      return;
    }
    // Reported after them all ("Opponents argue ..."), it answers the proposals as a whole.
    attached.forEach((a) => a.length < max && a.push(oi));
  });
  return attached;
}

export function documentCounterargument(o: FoundObjection): Counterargument {
  return {
    text: `The document itself reports this objection: “${o.text}” Does it hold against this recommendation, and what would answer it?`,
    source: "document",
    start: o.start,
    end: o.end,
  };
}

/** The actor a recommendation addresses, for the lens templates. */
function actorOf(text: string): string {
  const t = normalizeQuotes(text);
  const m = /\b(?:the\s+)?((?:Secretary|Congress|President|Administrator|Department|Agency|government|governments|two sides|two countries|States?)\b(?:\s+of\s+[A-Z]\w+)?)/.exec(t);
  return m ? `the ${m[1]!.replace(/^the\s+/i, "")}` : "whoever is meant to act on it";
}

/** Lens counterarguments that fit the recommendation best, rotated so threads do not all get the same pair. */
export function lensCounterarguments(rec: { text: string; title: string }, index: number, count: number, lenses = loadLenses()): Counterargument[] {
  const words = normalizeQuotes(rec.text).toLowerCase();
  const scored = lenses.map((l, i) => ({
    l,
    score: l.fits.reduce((n, f) => n + (words.includes(f.toLowerCase()) ? 1 : 0), 0) + ((i - index + lenses.length) % lenses.length === 0 ? 0.5 : 0),
    i,
  }));
  scored.sort((a, b) => b.score - a.score || ((a.i - index + lenses.length) % lenses.length) - ((b.i - index + lenses.length) % lenses.length));
  const focus = rec.title.replace(/…$/, "").replace(/^(.)/, (c) => c.toLowerCase());
  return scored.slice(0, count).map(({ l }) => ({
    text: l.template.replace(/\{focus\}/g, focus).replace(/\{actor\}/g, actorOf(rec.text)).replace(/\s+/g, " ").trim(),
    source: "lens" as const,
    lens: l.id,
  }));
}
