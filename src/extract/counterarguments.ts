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
 * The document's pervasive topic words: those in at least 40% of its paragraphs (of eight or more) ("Korea", "Japan",
 * "security" in an essay on Korea-Japan security). They say what the whole document is about, so
 * sharing them ties an objection to no recommendation in particular.
 */
export function topicWords(paragraphs: Set<string>[]): Set<string> {
  const out = new Set<string>();
  // A short document has too few paragraphs to tell its topic from what two of them share.
  if (paragraphs.length < 8) return out;
  const df = new Map<string, number>();
  for (const p of paragraphs) for (const w of p) df.set(w, (df.get(w) ?? 0) + 1);
  for (const [w, n] of df) if (n / paragraphs.length >= 0.4) out.add(w);
  return out;
}

export interface Placeable {
  /** What the objection is about: its claim and the sentence that introduced its objectors. */
  about: string;
  start: number;
}

/**
 * How much an objection bears on each recommendation: the content words it shares with the
 * recommendation's text and title, and at half weight with its context, each weighted by rarity;
 * the document's topic words count a quarter.
 */
export function bearing(
  recs: { text: string; title: string; context: string }[],
  objection: Placeable,
  weight: (w: string) => number,
  topic: Set<string> = new Set(),
): number[] {
  const words = contentWords(objection.about);
  return recs.map((r) => {
    const own = contentWords(`${r.text} ${r.title}`);
    const context = contentWords(r.context);
    let score = 0;
    for (const w of words) {
      // A topic word says little about which recommendation an objection bears on: a quarter weight,
      // enough to break a tie between recommendations that share nothing rarer.
      const v = weight(w) * (topic.has(w) ? 0.25 : 1);
      score += own.has(w) ? v : context.has(w) ? 0.5 * v : 0;
    }
    return score;
  });
}

/**
 * Places each objection under the recommendation(s) it bears on (see `bearing`); its position
 * breaks ties only (the nearest recommendation wins). A second thread gets it only when it bears
 * on that one clearly too: nearly as strongly, and through two or more shared words. An objection
 * that shares nothing with any recommendation goes nowhere, and a thread takes at most `max`.
 */
export function placeObjections(
  recs: { text: string; title: string; context: string; start: number }[],
  objections: Placeable[],
  weight: (w: string) => number,
  max = 3,
  topic: Set<string> = new Set(),
): number[][] {
  const placed: number[][] = recs.map(() => []);
  const ranked = objections.map((o, oi) => {
    const scores = bearing(recs, o, weight, topic);
    return { oi, scores, best: Math.max(0, ...scores), o };
  });
  // The strongest ties first, so weak ones fill what is left.
  ranked.sort((x, y) => y.best - x.best || x.oi - y.oi);
  for (const { oi, scores, best, o } of ranked) {
    if (best <= 0) continue;
    const order = scores
      .map((s, ri) => ({ s, ri, distance: Math.abs(recs[ri]!.start - o.start) }))
      .filter((c) => c.s > 0)
      .sort((x, y) => (Math.abs(y.s - x.s) > best * 0.05 ? y.s - x.s : x.distance - y.distance));
    const first = order.find((c) => placed[c.ri]!.length < max);
    if (!first) continue;
    placed[first.ri]!.push(oi);
    const shared = (ri: number) => {
      const r = recs[ri]!;
      const own = contentWords(`${r.text} ${r.title} ${r.context}`);
      return [...contentWords(o.about)].filter((w) => !topic.has(w) && own.has(w)).length;
    };
    const second = order.find((c) => c.ri !== first.ri && c.s >= best * 0.8 && shared(c.ri) >= 2 && placed[c.ri]!.length < max);
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
 * diplomacy, persuasion, institutional reform): lenses whose words occur in its title (its action
 * and object) or text first, then the general ones, each filled with the recommendation's title,
 * a whole phrase, and who it asks to act.
 */
export function lensCounterarguments(rec: { text: string; title: string; agent: string | null }, count: number, lenses: Lens[]): Counterargument[] {
  // What the recommendation asks for is its action and object (the title) first, then the rest of its text.
  const titleWords = contentWords(rec.title);
  const words = contentWords(rec.text);
  const fit = (f: string) => contentWords(f).values().next().value ?? f.toLowerCase();
  const scored = lenses.map((l, i) => ({ l, i, score: l.fits.reduce((n, f) => n + (titleWords.has(fit(f)) ? 2 : words.has(fit(f)) ? 1 : 0), 0) }));
  const fitting = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.i - b.i);
  const general = scored.filter((s) => s.l.fits.length === 0);
  // Not enough that fit: the remaining topical lenses, in the file's order, fill the places.
  const rest = scored.filter((s) => s.score === 0 && s.l.fits.length > 0);
  const chosen = [...fitting, ...general, ...rest].slice(0, count);
  return chosen.map(({ l }) => ({
    text: l.template.replace(/\{title\}/g, rec.title).replace(/\{agent\}/g, rec.agent ?? "whoever is meant to act on it").replace(/\s+/g, " ").trim(),
    source: "lens" as const,
    lens: l.id,
  }));
}
