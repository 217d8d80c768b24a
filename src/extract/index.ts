import { norm } from "../document/text.ts";
import type { Document } from "../document/types.ts";
import { analyse } from "./analysis.ts";
import { affinity, documentCounterargument, lensCounterarguments, placeObjections, rarity, type Counterargument } from "./counterarguments.ts";
import { contentWords } from "./cues.ts";
import { findObjections } from "./objections.ts";
import { defaultPrompts, type Lens, type QuestionTemplates } from "./prompts.ts";
import { agentOf, questionsFor } from "./questions.ts";
import { findRecommendations, type Structure } from "./recommendations.ts";
import { titleFor, uniqueTitles } from "./titles.ts";

export interface ExtractedRecommendation {
  id: string;
  title: string;
  text: string;
  start: number;
  end: number;
  /** 1-based line in the document where the recommendation starts. */
  line: number;
  how: Structure;
  /** The passage that motivates it, quoted whole sentences, for the thread's "context" section. */
  context: string;
  /** Who it asks to act, when it names someone ("the Secretary of State"). */
  agent: string | null;
  questions: string[];
  counterarguments: Counterargument[];
}

export interface ExtractedObjection {
  text: string;
  start: number;
  end: number;
  line: number;
  /** The reported claim, without the sentence that introduces the critics. */
  claim: string;
}

export interface Extraction {
  document: { title: string | null; author: string | null; path: string };
  recommendations: ExtractedRecommendation[];
  objections: ExtractedObjection[];
}

export const MIN_COUNTERARGUMENTS = 2;
/** Discourse's max_consecutive_replies (3) for the non-staff account that posts them. */
export const MAX_COUNTERARGUMENTS = 3;

export interface ExtractOptions {
  lenses?: Lens[];
  questions?: QuestionTemplates;
}

/**
 * The whole draft extraction. Pure but for the templates: pass `lenses` and `questions` (see
 * `loadLensFile`, `loadQuestionFile`); without them the defaults in prompts/ are read once.
 */
export function extract(doc: Document, o: ExtractOptions = {}): Extraction {
  const lenses = o.lenses ?? defaultPrompts().lenses;
  const questionTemplates = o.questions ?? defaultPrompts().questions;
  const lineAt = lineIndex(doc.text);
  const analysis = analyse(doc);
  const found = findRecommendations(doc, analysis);
  const titles = uniqueTitles(found.map((f) => titleFor(f.text)), found.map((f) => f.text));
  const sentenceWords = doc.sentences.map((s) => contentWords(s.text));
  const weight = rarity(sentenceWords);
  const spans = found.map((f) => [f.start, f.end] as const);
  const ix = contextIndex(doc, spans, analysis.blockSentences, sentenceWords);
  const recs = found.map((f, i) => ({ ...f, title: titles[i]!, context: contextOf(ix, f, weight), agent: agentOf(f.text) }));
  const objections = findObjections(doc, analysis);
  const placed = placeObjections(recs, objections, weight, MAX_COUNTERARGUMENTS);
  return {
    document: { title: doc.title, author: doc.author, path: doc.path },
    recommendations: recs.map((r, i) => {
      const fromDoc = placed[i]!.slice(0, MAX_COUNTERARGUMENTS).map((oi) => documentCounterargument(objections[oi]!));
      const need = Math.min(MAX_COUNTERARGUMENTS - fromDoc.length, Math.max(MIN_COUNTERARGUMENTS - fromDoc.length, fromDoc.length ? 0 : 3));
      const lens = need > 0 ? lensCounterarguments(r, need, lenses) : [];
      return {
        id: `rec-${i + 1}`,
        title: r.title,
        text: r.text,
        start: r.start,
        end: r.end,
        line: lineAt(r.start),
        how: r.how,
        context: r.context,
        agent: r.agent,
        questions: questionsFor(r, questionTemplates),
        counterarguments: [...fromDoc, ...lens],
      };
    }),
    objections: objections.map((x) => ({ text: x.text, start: x.start, end: x.end, line: lineAt(x.start), claim: x.claim })),
  };
}

const CONTEXT_SENTENCES = 3;
const CONTEXT_CHARS = 700;
/** How far back the lead-up to a recommendation is looked for, in blocks (paragraphs, items, headings). */
const CONTEXT_BLOCKS = 25;

interface ContextIndex {
  /** Per block, the sentences a context may quote: not a heading, six words or more, no recommendation's text. */
  usable: { start: number; end: number; text: string; words: Set<string> }[][];
}

/**
 * What every context is chosen from, computed once for the document: each sentence's content words,
 * and whether it is, or repeats eight consecutive words of, any recommendation (by a set of the
 * recommendations' 8-word sequences, so the check is linear in the document's length).
 */
function contextIndex(doc: Document, spans: (readonly [number, number])[], blockSentences: number[][], sentenceWords: Set<string>[]): ContextIndex {
  const grams = new Set<string>();
  const vocabulary = new Set<string>();
  for (const [a, b] of spans) {
    const w = wordsOf(doc.text.slice(a, b));
    for (const x of w) vocabulary.add(x);
    for (const g of eightWords(w)) grams.add(g);
  }
  // Eight words in a row, all from the recommendations' vocabulary, before any 8-word sequence is built.
  const repeats = (text: string) => {
    const w = wordsOf(text);
    let run = 0;
    for (const x of w) if ((run = vocabulary.has(x) ? run + 1 : 0) >= 8) return eightWords(w).some((g) => grams.has(g));
    return false;
  };
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  let k = 0;
  const usable = blockSentences.map((sis, bi) => {
    if (doc.blocks[bi]!.kind === "heading") return [];
    const out: ContextIndex["usable"][number] = [];
    for (const si of sis) {
      const s = doc.sentences[si]!;
      while (k < sorted.length && sorted[k]![1] <= s.start) k++;
      const overlaps = sorted.slice(k, k + 2).some(([a, b]) => s.start < b && s.end > a);
      if (overlaps || s.text.split(/\s+/).length < 6 || repeats(s.text)) continue;
      out.push({ start: s.start, end: s.end, text: s.text, words: sentenceWords[si]! });
    }
    return out;
  });
  return { usable };
}

/**
 * The passage that motivates a recommendation: the sentences of its own paragraph that explain
 * it, and the earlier paragraph, among the few before it, that talks most about what it proposes
 * (by shared words weighted by rarity), a few whole sentences in document order. Never text of any
 * recommendation.
 */
function contextOf(ix: ContextIndex, rec: { start: number; block: number; text: string }, weight: (w: string) => number): string {
  const recWords = contentWords(rec.text);
  const own = ix.usable[rec.block]!.slice(0, 2);
  // The lead-up: earlier paragraphs, scored by what they share with the recommendation.
  let lead: ContextIndex["usable"][number] = [];
  let best = 0;
  for (let bi = rec.block - 1; bi >= 0 && bi >= rec.block - CONTEXT_BLOCKS; bi--) {
    const sentences = ix.usable[bi]!;
    let score = 0;
    for (const s of sentences) score += affinity(s.words, recWords, weight);
    if (score > best) {
      best = score;
      lead = sentences;
    }
  }
  if (lead.length > CONTEXT_SENTENCES - Math.min(own.length, 1)) {
    const scored = lead.map((s, k) => ({ k, v: affinity(s.words, recWords, weight) }));
    const keep = new Set(scored.sort((x, y) => y.v - x.v).slice(0, CONTEXT_SENTENCES - Math.min(own.length, 1)).map((x) => x.k));
    lead = lead.filter((_, k) => keep.has(k));
  }
  const chosen = [...lead, ...own.slice(0, 1)].sort((x, y) => x.start - y.start);
  let out = "";
  for (const s of chosen) {
    const next = out ? `${out} ${norm(s.text)}` : norm(s.text);
    if (next.length > CONTEXT_CHARS && out) break;
    out = next;
  }
  return out;
}

function wordsOf(s: string): string[] {
  return s.toLowerCase().replace(/[‘’]/g, "'").split(/[^\p{L}\p{N}']+/u).filter(Boolean);
}

function eightWords(w: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= w.length; i++) out.push(w.slice(i, i + 8).join(" "));
  return out;
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

export { extractionJson } from "./json.ts";
export { withLlmCounterarguments } from "./llm.ts";
