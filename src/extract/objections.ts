import { norm } from "../document/text.ts";
import type { Document } from "../document/types.ts";
import { normalizeQuotes } from "./cues.ts";

export interface FoundObjection {
  text: string;
  start: number;
  end: number;
}

/**
 * Sentences in which the document reports critics, opponents, doubts or concerns.
 * Each cue names who objects or how the objection is introduced, so a sentence that merely
 * mentions a "concern" in passing does not qualify.
 */
const CUES: RegExp[] = [
  // The group must be doing the objecting ("critics argue", "opponents of X say"), not merely be mentioned.
  /\b(?:critics?|opponents?|sceptics?|skeptics?|detractors?|naysayers?|dissenters?)\s+(?:of\s+[^,.;]{1,80}?\s+|to\s+[^,.;]{1,60}?\s+|in\s+[^,.;]{1,40}?\s+)?(?:\w+\s+){0,2}?(?:say|says|said|saying|argue|argued|argues|assert|asserted|contend|contended|claim|claimed|worry|worried|warn|warned|fear|feared|charge|charged|call|called|point\s+out|object|objected|insist|maintain|believe|question|questioned|doubt|complain|complained|note|noted|suggest|allege|alleged|criticise|criticize|criticised|criticized|reject|rejected|oppose|opposed)\b/,
  /\baccording\s+to\s+(?:the|those|these|some|its|their)?\s*(?:critics|opponents|sceptics|skeptics)\b/,
  /\bthose\s+(?:\w+\s+){0,4}who\s+(?:oppose|object|question|doubt|disagree|criticise|criticize|resist|reject)\b/,
  /\b(?:it\s+(?:is|has\s+been|may\s+be|will\s+be|might\s+be)\s+(?:said|argued|claimed|objected|contended|suggested|feared))\b/,
  /\b(?:some|many|others|people|several|few)\s+(?:\w+\s+){0,2}(?:say|said|saying|argue|argued|worry|worried|fear|feared|contend|contended|claim|claimed|object|objected|warn|warned|doubt|doubted|question|questioned|insist|criticise|criticize|criticised|criticized|oppose|opposed|believe\s+that\s+\w+\s+(?:will|would)\s+not)\b/,
  /\b(?:one|an|the|a|another|a\s+common|the\s+main|a\s+frequent|a\s+serious)\s+(?:objection|criticism|counterargument|counter-argument|complaint)\s+(?:is|was|to|of|against|raised)\b/,
  /\b(?:one|a|the|another|main|biggest|key|chief|obvious)\s+(?:\w+\s+)?(?:risk|drawback|downside|danger|pitfall)\s+(?:is|was|would\s+be|of\s+this|with\s+this)\b/,
  /^(?:admittedly|to\s+be\s+sure|granted)\b/,
  /\b(?:agency|department|ministry|officials?|management)\s+(?:\w+\s+){0,2}(?:disagreed|did\s+not\s+agree|did\s+not\s+concur|does\s+not\s+concur|partially\s+concurred)\b/,
  /\bwith\s+people\s+saying\b/,
  /\b(?:voices?|expressions?)\s+of\s+(?:concern|doubt|opposition|criticism)\b/,
  /\b(?:raised?|expressed|voiced)\s+(?:\w+\s+)?(?:concerns?|doubts?|objections?|reservations?)\b/,
  /\bit\s+is\s+(?:doubtful|questionable|unclear)\s+whether\b/,
  /\b(?:disagreements?|objections?)\s+(?:held|raised|voiced)\s+by\b/,
  /\b(?:non-?concur\w*|did\s+not\s+concur|disagreed\s+with\s+(?:our|the|this)\s+recommendation|does\s+not\s+agree\s+with)\b/,
  /\b(?:concerns?|worries|fears)\s+(?:over|about|that)\s+(?!\w+\s+(?:are|is)\s+(?:unfounded|misplaced))/,
  /\bi\s+(?:understand|hear|know)\s+(?:the\s+)?(?:concerns?|disagreements?|objections?|worries)\b/,
];

export function findObjections(doc: Document): FoundObjection[] {
  const out: FoundObjection[] = [];
  for (const s of doc.sentences) {
    if (doc.blocks[s.block]!.kind === "heading") continue;
    const t = normalizeQuotes(s.text).toLowerCase();
    if (/\bneither\s+agreed\s+nor\s+disagreed\b/.test(t)) continue;
    if (CUES.some((re) => re.test(t))) out.push({ text: norm(s.text), start: s.start, end: s.end });
  }
  return out;
}
