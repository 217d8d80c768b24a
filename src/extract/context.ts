import { norm } from "../document/text.ts";
import type { Document } from "../document/types.ts";
import { contentWords } from "./cues.ts";
import type { Token } from "./nlp.ts";

const CONTEXT_SENTENCES = 3;
const CONTEXT_CHARS = 700;
/** How far back the lead-up to a recommendation is looked for, in blocks (paragraphs, items, headings). */
const CONTEXT_BLOCKS = 25;

interface Quotable {
  start: number;
  end: number;
  text: string;
  words: Set<string>;
}

/** Per block, the sentences a context may quote: not a heading, six words or more, no recommendation's or objection's text. */
export interface ContextIndex {
  usable: Quotable[][];
}

/**
 * What every context is chosen from, computed once for the document: each sentence's content
 * words, and whether it is, or repeats eight consecutive words of, an excluded span (the
 * recommendations, the objections). The repeat check uses a set of the spans' 8-word sequences,
 * built only for runs of eight words from their vocabulary, so it is linear in the document.
 */
export function contextIndex(doc: Document, excluded: (readonly [number, number])[], blockSentences: number[][], sentenceWords: Set<string>[], tokens: Token[][]): ContextIndex {
  const grams = new Set<string>();
  const vocabulary = new Set<string>();
  // Words as the tagger read them (the same on both sides of the comparison), by a pass over the
  // sentences in order for the excluded spans sorted by start.
  const spans = [...excluded].sort((x, y) => x[0] - y[0]);
  let si = 0;
  for (const [a, b] of spans) {
    while (si > 0 && doc.sentences[si - 1]!.end > a) si--;
    while (si < doc.sentences.length && doc.sentences[si]!.end <= a) si++;
    const w: string[] = [];
    for (let j = si; j < doc.sentences.length && doc.sentences[j]!.start < b; j++) for (const t of tokens[j]!) if (t.start >= a && t.end <= b && WORDLIKE.test(t.word)) w.push(t.lower);
    for (const x of w) vocabulary.add(x);
    for (const g of eightWords(w)) grams.add(g);
  }
  const repeats = (si: number) => {
    // Eight words in a row from the vocabulary, before any 8-word sequence is built.
    let run = 0;
    let long = false;
    for (const t of tokens[si]!) {
      if (!WORDLIKE.test(t.word)) continue;
      if ((run = vocabulary.has(t.lower) ? run + 1 : 0) >= 8) {
        long = true;
        break;
      }
    }
    if (!long) return false;
    const w = tokens[si]!.filter((t) => WORDLIKE.test(t.word)).map((t) => t.lower);
    return eightWords(w).some((g) => grams.has(g));
  };
  const sorted = [...excluded].sort((x, y) => x[0] - y[0]);
  let k = 0;
  const usable = blockSentences.map((sis, bi) => {
    if (doc.blocks[bi]!.kind === "heading") return [];
    const out: Quotable[] = [];
    for (const si of sis) {
      const s = doc.sentences[si]!;
      while (k < sorted.length && sorted[k]![1] <= s.start) k++;
      let overlaps = false;
      for (let j = k; j < sorted.length && sorted[j]![0] < s.end; j++) if (s.start < sorted[j]![1]) overlaps = true;
      if (overlaps || s.text.split(/\s+/).length < 6 || repeats(si)) continue;
      out.push({ start: s.start, end: s.end, text: s.text, words: sentenceWords[si]! });
    }
    return out;
  });
  return { usable };
}

/**
 * The passage that motivates a recommendation: the earlier paragraph, among the few before it,
 * that talks most about what it proposes, and the first sentence of its own paragraph that
 * explains it; a few whole sentences in document order, quoted as written.
 *
 * A paragraph is scored by its two sentences that share most with the recommendation (content
 * words weighted by rarity; the document's topic words count for nothing), so a long paragraph
 * that mentions everything does not win over the one about this recommendation.
 */
export function contextOf(ix: ContextIndex, rec: { block: number; text: string }, weight: (w: string) => number, topic: Set<string> = new Set()): string {
  const recWords = new Set([...contentWords(rec.text)].filter((w) => !topic.has(w)));
  const affinity = (s: Quotable) => {
    let v = 0;
    for (const w of s.words) if (recWords.has(w)) v += weight(w);
    return v;
  };
  const own = ix.usable[rec.block]!.slice(0, 1);
  let lead: { s: Quotable; v: number }[] = [];
  let best = 0;
  for (let bi = rec.block - 1; bi >= 0 && bi >= rec.block - CONTEXT_BLOCKS; bi--) {
    const scored = ix.usable[bi]!.map((s) => ({ s, v: affinity(s) }));
    const top = [...scored].sort((x, y) => y.v - x.v).slice(0, 2);
    const score = top.reduce((n, x) => n + x.v, 0);
    if (score > best) {
      best = score;
      lead = scored;
    }
  }
  // Nothing before shares a word with it: the paragraph just before its list or section leads up to it.
  if (!lead.length) {
    for (let bi = rec.block - 1; bi >= 0 && bi >= rec.block - CONTEXT_BLOCKS; bi--) {
      if (ix.usable[bi]!.length) {
        lead = ix.usable[bi]!.map((s) => ({ s, v: 0 }));
        break;
      }
    }
  }
  const room = CONTEXT_SENTENCES - own.length;
  if (lead.length > room) {
    const keep = new Set([...lead].sort((x, y) => y.v - x.v).slice(0, room).map((x) => x.s));
    lead = lead.filter((x) => keep.has(x.s));
  }
  const chosen = [...lead.map((x) => x.s), ...own].sort((x, y) => x.start - y.start);
  let out = "";
  for (const s of chosen) {
    const next = out ? `${out} ${norm(s.text)}` : norm(s.text);
    if (next.length > CONTEXT_CHARS && out) break;
    out = next;
  }
  return out;
}

const WORDLIKE = /[\p{L}\p{N}]/u;

function eightWords(w: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= w.length; i++) out.push(w.slice(i, i + 8).join(" "));
  return out;
}
