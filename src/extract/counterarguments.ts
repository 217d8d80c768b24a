import type { FoundObjection } from "./objections.ts";
import type { Lens } from "./prompts.ts";
import { contentWords } from "./cues.ts";

export type CounterSource = "document" | "lens" | "moderator" | "llm";
export interface Counterargument {
  text: string;
  source: CounterSource;
  /** The lens id, or the objection's offsets, so a moderator can trace it. */
  lens?: string;
  start?: number;
  end?: number;
}

export type { Lens };

/** Inverse document frequency of each content word over the document's sentences. */
export function rarity(sentences: (string | Set<string>)[]): (w: string) => number {
  const df = new Map<string, number>();
  for (const s of sentences) for (const w of typeof s === "string" ? contentWords(s) : s) df.set(w, (df.get(w) ?? 0) + 1);
  const n = sentences.length || 1;
  return (w) => Math.log(1 + n / (df.get(w) ?? 1));
}

/** Shared content words weighted by rarity: how much two passages talk about the same things. */
export function affinity(a: Set<string>, b: Set<string>, weight: (w: string) => number): number {
  let s = 0;
  for (const w of a) if (b.has(w)) s += weight(w);
  return s;
}

/**
 * Places each objection under the recommendation(s) it bears on: its claim scored against each
 * recommendation's text, title and context by shared words weighted by rarity; position breaks
 * ties only. A second thread gets it only when it scores nearly as well as the first and clearly
 * above chance. An objection that shares nothing with any recommendation goes nowhere.
 */
export function placeObjections(
  recs: { text: string; title: string; context: string; start: number }[],
  objections: FoundObjection[],
  weight: (w: string) => number,
  max = 3,
): number[][] {
  // What the recommendation itself says counts fully; its context, which may range wider, half.
  const recWords = recs.map((r) => contentWords(`${r.text} ${r.title}`));
  const contextWords = recs.map((r) => contentWords(r.context));
  const placed: number[][] = recs.map(() => []);
  const ranked = objections.map((o, oi) => {
    const words = contentWords(o.claim);
    const scores = recWords.map((rw, ri) => affinity(words, rw, weight) + 0.5 * affinity(words, contextWords[ri]!, weight));
    return { oi, scores, best: Math.max(0, ...scores), o };
  });
  // The strongest ties first, so weak ones fill what is left.
  ranked.sort((x, y) => y.best - x.best);
  for (const { oi, scores, best, o } of ranked) {
    // One rare shared word, or two ordinary ones, is the least that ties an objection to a thread.
    if (best < 2.5) continue;
    const order = scores
      .map((s, ri) => ({ s, ri, distance: Math.abs(recs[ri]!.start - o.start) }))
      .sort((x, y) => (Math.abs(y.s - x.s) > best * 0.05 ? y.s - x.s : x.distance - y.distance));
    const first = order.find((c) => placed[c.ri]!.length < max);
    if (!first) continue;
    placed[first.ri]!.push(oi);
    const second = order.find((c) => c.ri !== first.ri && c.s >= best * 0.95 && c.s >= 6 && placed[c.ri]!.length < max);
    if (second) placed[second.ri]!.push(oi);
  }
  return placed.map((p) => p.sort((a, b) => a - b));
}

export function documentCounterargument(o: FoundObjection): Counterargument {
  return {
    text: `The document itself reports this objection: “${o.claim}” Does it hold against this recommendation, and what would answer it?`,
    source: "document",
    start: o.start,
    end: o.end,
  };
}

/**
 * Lens counterarguments chosen by what the recommendation asks for (spending, regulation,
 * diplomacy, persuasion, institutional reform): lenses whose words occur in it first, then the
 * general ones, each filled with the recommendation's title, a whole phrase.
 */
export function lensCounterarguments(rec: { text: string; title: string; agent: string | null }, count: number, lenses: Lens[]): Counterargument[] {
  const words = contentWords(rec.text);
  const scored = lenses.map((l, i) => ({ l, i, score: l.fits.filter((f) => words.has(contentWords(f).values().next().value ?? f.toLowerCase())).length }));
  const fitting = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.i - b.i);
  const general = scored.filter((s) => s.l.fits.length === 0);
  const chosen = [...fitting, ...general].slice(0, count);
  return chosen.map(({ l }) => ({
    text: l.template.replace(/\{title\}/g, rec.title).replace(/\{agent\}/g, rec.agent ?? "whoever is meant to act on it").replace(/\s+/g, " ").trim(),
    source: "lens" as const,
    lens: l.id,
  }));
}
