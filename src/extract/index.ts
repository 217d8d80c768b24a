import type { Document } from "../document/types.ts";
import { analyse } from "./analysis.ts";
import { documentCounterargument, lensCounterarguments, placeObjections, rarity, topicWords, type Counterargument } from "./counterarguments.ts";
import { contextIndex, contextOf } from "./context.ts";
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
  const sentenceWords = analysis.words;
  const weight = rarity(sentenceWords);
  const paragraphs = analysis.blockSentences.filter((sis, bi) => sis.length && doc.blocks[bi]!.kind !== "heading").map((sis) => new Set(sis.flatMap((si) => [...sentenceWords[si]!])));
  const topic = topicWords(paragraphs);
  const objections = findObjections(doc, analysis);
  // A context quotes neither a recommendation nor an objection: it says why, not what or who disagrees.
  const ix = contextIndex(doc, [...found, ...objections].map((f) => [f.start, f.end] as const), analysis.blockSentences, sentenceWords, analysis.tokens);
  const recs = found.map((f, i) => ({ ...f, title: titles[i]!, context: contextOf(ix, f, weight, topic), agent: agentOf(f.text) }));
  const placed = placeObjections(recs, objections, weight, MAX_COUNTERARGUMENTS, topic);
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
