import { norm } from "../document/text.ts";
import type { Document } from "../document/types.ts";
import { analyse, type Analysis } from "./analysis.ts";
import { SAYING } from "./grammar.ts";
import type { Token } from "./nlp.ts";

export interface FoundObjection {
  /** The passage: the sentence that introduces the critics, if any, through their claim. */
  text: string;
  start: number;
  end: number;
  /** The claim itself, the part a counterargument posts. */
  claim: string;
  /**
   * What the objection is about, for placing it: its claim and the sentence in its paragraph that
   * introduced the objectors ("those in Japan who oppose ... take issue with the lack of trust"),
   * which a later claim ("according to those critics, it is doubtful ...") refers back to.
   */
  about: string;
}

/**
 * Nouns that name those who object, and the pronouns and quantifiers that stand for them when
 * used alone as a subject ("Some say", "Others argue", "many of you worry").
 */
const OBJECTORS = /^(?:critics?|opponents?|sceptics?|skeptics?|detractors?|naysayers?|dissenters?|doubters?|cynics?|voices?|observers?|folks)$/;
const QUANTIFIERS = /^(?:some|others|many|people|few|they|those|everyone|somebody|someone)$/;
/** Verbs of opposing, which carry a stance without a complement ("Opponents object to ..."). */
const OPPOSING = new Set(["oppose", "object", "doubt", "question", "criticise", "criticize", "worry", "fear", "complain", "disagree", "resist", "reject", "dispute", "challenge", "warn"]);
/** Nouns of objection: "I recognize the complaint that", "much objection has been made". */
const OBJECTION_NOUN = /^(?:objections?|complaints?|concerns?|worries|fears|disagreements?|criticisms?|doubts?|reservations?|counterarguments?|myths?)$/;

function isObjectorSubject(tokens: Token[], verbAt: number): boolean {
  for (let i = verbAt - 1; i >= 0 && i >= verbAt - 10; i--) {
    const t = tokens[i]!;
    if (t.word === "," && i < verbAt - 1 && !/^(?:well|you know)$/.test(tokens[i + 1]?.lower ?? "")) break;
    if (OBJECTORS.test(t.lower)) return true;
    // "they said, well, ..." stands for the critics only when it quotes them; elsewhere it is anyone.
    if (t.lower === "they" && !directSpeech(tokens, verbAt)) continue;
    if (QUANTIFIERS.test(t.lower) && (t.pos === "PRON" || t.pos === "DET" || t.pos === "NOUN" || t.pos === "PROPN" || t.pos === "ADJ")) {
      // "some states said" names its subject by the noun; "some say", "some of you", "some of these folks" do not.
      const next = tokens[i + 1];
      if (!next || next === tokens[verbAt] || next.lower === "of" || next.lower === "who" || next.pos === "ADV" || next.pos === "AUX" || next.pos === "VERB") return true;
    }
    // "Those who oppose trading argue": a relative clause belongs to the subject it describes.
    if (t.pos === "VERB" && /^(?:who|that)$/.test(tokens[i - 1]?.lower ?? "")) {
      i--;
      continue;
    }
    if (t.pos === "VERB" && i < verbAt - 1 && t.lower !== "hear") break;
  }
  return false;
}

/** What follows a verb of saying carries a claim: "that ...", a quotation, ", well, ...", a clause, "it amnesty". */
function hasClaim(tokens: Token[], verbAt: number): boolean {
  const next = tokens.slice(verbAt + 1, verbAt + 4);
  if (!next.length) return false;
  const first = next[0]!;
  if (first.lower === "that" || /^["“:,]$/.test(first.word) || first.pos === "SCONJ") return true;
  if (first.pos === "PRON") return true;
  // "object to it as too great", "talk about, well, what does this mean".
  if (first.pos === "ADP" && next.some((t) => t.word === "," || t.lower === "as" || t.pos === "PRON")) return true;
  // "some worry immigration will change ...", "people saying Japan is unreliable": a clause follows.
  return tokens.slice(verbAt + 1, verbAt + 7).some((t) => (t.pos === "VERB" || t.pos === "AUX") && t.lower !== t.lemma && !t.lower.endsWith("ing"));
}

/** Verbs of attitude whose object is a thing, not a claim: "criticise X", "oppose X", "resist X". */
const ATTITUDE = new Set(["criticise", "criticize", "oppose", "resist", "attack", "condemn", "dislike"]);

/** Whether an attitude verb gives its grounds: "that ...", "criticise X for ...", "oppose it as ...", "because ...". */
function statesGrounds(tokens: Token[], verbAt: number): boolean {
  const next = tokens.slice(verbAt + 1, verbAt + 9);
  if (next[0] && (next[0].lower === "that" || next[0].pos === "SCONJ" || /^["“:]$/.test(next[0].word))) return true;
  return next.some((t) => /^(?:as|for|because|since|saying|arguing|claiming)$/.test(t.lower));
}

/** Direct speech follows: ", well, ...", a quotation, a colon. */
function directSpeech(tokens: Token[], verbAt: number): boolean {
  return /^[,“":]$/.test(tokens[verbAt + 1]?.word ?? "");
}

type Kind = "claim" | "scene" | null;

/** Whether a sentence reports an objection (its claim), or only sets the scene for one. */
function objectionKind(tokens: Token[]): Kind {
  const lower = tokens.map((t) => t.lower);
  const has = (i: number, ...ws: string[]) => ws.every((w, k) => lower[i + k] === w);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // "It is said that ...", "It may be conceded that ...", "it is true that ... is going to cost".
    if (lower[i] === "it" && i + 2 < tokens.length) {
      const window = lower.slice(i + 1, i + 5).join(" ");
      if (/^(?:(?:is|has been|may be|will be|might be|was) (?:said|argued|claimed|objected|contended|urged|conceded|alleged)|(?:is|must be) (?:true|admitted|conceded|granted) that|is (?:doubtful|questionable) whether)\b/.test(window)) return "claim";
    }
    if (i === 0 && /^(?:admittedly|granted|myth)$/.test(t.lower)) return "claim";
    if (has(i, "to", "be", "sure") && i < 2) return "claim";
    // "will be opposed by those who ...", "much objection has been made on the part of carriers".
    if (t.lemma === "oppose" && lower[i - 1] === "be" || (t.lemma === "oppose" && tokens[i - 1]?.lemma === "be")) {
      if (lower.slice(i + 1, i + 5).includes("by")) return "claim";
    }
    if (OBJECTION_NOUN.test(t.lower) && /^(?:has|have|was|were|been)$/.test(lower[i + 1] ?? "") && /^(?:made|raised|voiced|urged)$/.test(lower[i + 2] ?? lower[i + 3] ?? "")) return "claim";
    if (OBJECTION_NOUN.test(t.lower) && lower[i - 1] === "of" && /^(?:voices|expressions)$/.test(lower[i - 2] ?? "")) return "claim";
    // "One objection is that ...", "The main risk of this approach is that ...": a stated objection or risk.
    if ((OBJECTION_NOUN.test(t.lower) || /^(?:risks?|drawbacks?|downsides?|dangers?)$/.test(t.lower)) && i < 6 && lower.slice(i + 1, i + 6).join(" ").match(/\bis that\b/)) return "claim";
    if (t.lemma === "disagree" && t.pos === "VERB" && !lower.slice(0, i).includes("neither") && tokens.slice(0, i).some((x) => x.pos === "NOUN" || x.pos === "PROPN")) return "claim";
    // "Some have questioned the data": the group doubts, even without a clause.
    if (t.lemma === "question" && t.pos === "VERB" && isObjectorSubject(tokens, i)) return "claim";
    // "I know some worry ...", "I recognize the complaint that ...", "I understand the disagreements held by many".
    if ((t.lower === "i" || t.lower === "we") && /^(?:know|understand|recognize|recognise|hear|acknowledge|realize|realise|appreciate)$/.test(tokens[i + 1]?.lemma ?? "")) {
      const rest = tokens.slice(i + 2, i + 9);
      if (rest.some((x, k) => OBJECTION_NOUN.test(x.lower) || OBJECTORS.test(x.lower) || (QUANTIFIERS.test(x.lower) && x.lower !== "they" && (SAYING.has(rest[k + 1]?.lemma ?? "") || OPPOSING.has(rest[k + 1]?.lemma ?? ""))))) return "claim";
    }
    // An agency that disagrees: "HHS did not concur", "Treasury told us that it did not believe ...".
    if ((t.lemma === "concur" || t.lemma === "agree" || t.lemma === "believe") && t.negated && tokens.slice(0, i).some((x) => x.pos === "PROPN" || x.pos === "NOUN")) {
      if (!lower.slice(0, i).includes("neither") && !tokens.slice(0, i).some((x) => x.pos === "PRON" && /^(?:i|we)$/.test(x.lower) && !lower.slice(0, i).includes("told"))) return "claim";
    }
    if (t.lemma === "disagree" && !lower.slice(0, i).includes("neither") && tokens.slice(0, i).some((x) => x.pos === "PROPN")) return "claim";
    if (t.pos !== "VERB" && !(t.pos === "NOUN" && (SAYING.has(t.lemma) || OPPOSING.has(t.lemma)))) continue;
    if (!(SAYING.has(t.lemma) || OPPOSING.has(t.lemma) || t.lemma === "talk")) continue;
    // "When you hear people say ...", "those who oppose X say ...": the objectors are its subject.
    if (!isObjectorSubject(tokens, i)) continue;
    // A relative clause names the group ("those who oppose ..."); its own verb is not the claim.
    if (/^(?:who|that|which)$/.test(lower[i - 1] ?? "")) continue;
    // "have been challenged": a passive tells what was done to something, not who objects.
    if (tokens[i - 1]?.lemma === "be" && t.lower !== t.lemma && !t.lower.endsWith("ing")) continue;
    // "Opponents criticise his policies harshly": an attitude toward something, with no reason or
    // claim given (that-clause, "as"/"for" complement), only announces the critics.
    if (ATTITUDE.has(t.lemma) && !statesGrounds(tokens, i)) return "scene";
    if (hasClaim(tokens, i) || (t.lemma === "object" && lower[i + 1] === "to")) return "claim";
    return "scene";
  }
  // "people who are skeptical or critical of ... often talk about 'trust'", "those in Japan who oppose ...".
  if (tokens.some((t, i) => (t.lower === "who" || t.lower === "that") && tokens.slice(i + 1, i + 5).some((x) => OPPOSING.has(x.lemma) || /^(?:skeptical|sceptical|critical|opposed)$/.test(x.lower)))) return "scene";
  if (tokens.some((t) => OBJECTORS.test(t.lower) && t.lower !== "voices" && t.lower !== "folks" && t.lower !== "observers")) return "scene";
  return null;
}

/** Rhetorical question that the author answers in the next sentence ("... shouldn't they be included? ... Not at all."). */
function answeredQuestion(doc: Document, a: Analysis, i: number): boolean {
  const s = doc.sentences[i]!;
  const ts = a.tokens[i]!;
  if (ts.at(-1)?.word !== "?" || ts.length < 5) return false;
  const next = doc.sentences[i + 1];
  if (!next || next.block !== s.block) return false;
  // A question the author asks the audience about the proposals is not an objection; a doubt is:
  // a negated modal question ("shouldn't they be included?", "can't we afford ...?").
  return ts.some((t) => t.pos === "AUX" && t.negated) && ts.some((t) => t.lower === "n't" || t.lower === "not");
}

/**
 * The objections the document reports: claims attributed to critics, opponents, "some", an agency
 * that disagrees; concessions ("It is true that ..."); questions of doubt the author answers. A
 * sentence that only sets the scene ("those in Japan who oppose ... take issue with trust") joins
 * the claim that follows it in its paragraph; standing alone it is no objection.
 */
export function findObjections(doc: Document, a: Analysis = analyse(doc)): FoundObjection[] {
  const out: FoundObjection[] = [];
  let pendingScene = -1;
  let frame = -1;
  doc.sentences.forEach((s, i) => {
    if (frame >= 0 && doc.sentences[frame]!.block !== s.block) frame = -1;
    if (doc.blocks[s.block]!.kind === "heading") return;
    const ts = a.tokens[i]!;
    if (/\bneither\s+agreed\s+nor\s+disagreed\b/i.test(s.text)) return;
    let kind = objectionKind(ts);
    if (!kind && answeredQuestion(doc, a, i)) kind = "claim";
    // "Myth: “...”" labels a claim the author will refute.
    if (!kind && /^(?:myth|claim|objection|concern|criticism)\s*:/i.test(s.text)) kind = "claim";
    if (kind === "scene") {
      pendingScene = i;
      frame = i;
      return;
    }
    if (kind !== "claim") {
      pendingScene = -1;
      return;
    }
    const from = pendingScene >= 0 && doc.sentences[pendingScene]!.block === s.block && pendingScene >= i - 2 ? doc.sentences[pendingScene]! : s;
    pendingScene = -1;
    const about = frame >= 0 ? `${norm(doc.sentences[frame]!.text)} ${norm(s.text)}` : norm(s.text);
    out.push({ text: norm(doc.text.slice(from.start, s.end)), start: from.start, end: s.end, claim: norm(s.text), about });
  });
  return out;
}
