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
  const weight = rarity(doc.sentences.map((s) => s.text));
  const spans = found.map((f) => [f.start, f.end] as const);
  const recs = found.map((f, i) => ({ ...f, title: titles[i]!, context: contextOf(doc, f, spans, weight), agent: agentOf(f.text) }));
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

/**
 * The passage that motivates a recommendation: the sentences of its own paragraph that explain
 * it, and the earlier paragraph that talks most about what it proposes (by shared words weighted
 * by rarity), a few whole sentences in document order. Never text of any recommendation.
 */
function contextOf(doc: Document, rec: { start: number; end: number; block: number; text: string }, spans: (readonly [number, number])[], weight: (w: string) => number): string {
  const recTexts = spans.map(([a, b]) => ` ${wordsOf(doc.text.slice(a, b)).join(" ")} `);
  // A sentence that is, or repeats eight words of, a recommendation is not its context.
  const inRec = (s: { start: number; end: number; text: string }) =>
    spans.some(([a, b]) => s.start < b && s.end > a) || recTexts.some((t) => eightWords(wordsOf(s.text)).some((w) => t.includes(` ${w} `)));
  const recWords = contentWords(rec.text);
  const usable = doc.sentences.filter((s) => doc.blocks[s.block]!.kind !== "heading" && !inRec(s) && s.text.split(/\s+/).length >= 6);
  const own = usable.filter((s) => s.block === rec.block).slice(0, 2);
  // The lead-up: earlier paragraphs, scored by what they share with the recommendation.
  const byBlock = new Map<number, { score: number; sentences: typeof usable }>();
  for (const s of usable) {
    if (s.end > rec.start || s.block === rec.block) continue;
    const e = byBlock.get(s.block) ?? { score: 0, sentences: [] };
    e.score += affinity(contentWords(s.text), recWords, weight);
    e.sentences.push(s);
    byBlock.set(s.block, e);
  }
  let lead: typeof usable = [];
  let best = 0;
  for (const [, e] of byBlock) {
    if (e.score > best) {
      best = e.score;
      lead = e.sentences;
    }
  }
  if (lead.length > CONTEXT_SENTENCES - Math.min(own.length, 1)) {
    const scored = lead.map((s, k) => ({ s, k, v: affinity(contentWords(s.text), recWords, weight) }));
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
  return s.toLowerCase().replace(/[‘’]/g, "'").replace(/[^\p{L}\p{N}' ]+/gu, " ").split(/\s+/).filter(Boolean);
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
