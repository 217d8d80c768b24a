import { norm } from "../document/text.ts";
import type { Document } from "../document/types.ts";
import { analyse, type Analysis } from "./analysis.ts";
import { clauseStart, SAYING } from "./grammar.ts";
import { lastHeadingBefore } from "./structure.ts";
import { aligned, probability, type Model } from "./model.ts";
import type { Token } from "./nlp.ts";
import { objectionEvidence } from "./objection-features.ts";
import { WEIGHTS } from "./weights.ts";

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
export const OBJECTORS = /^(?:critics?|opponents?|sceptics?|skeptics?|detractors?|naysayers?|dissenters?|doubters?|cynics?|pessimists?|defeatists?|alarmists?|voices?|observers?|folks|objectors?|protesters?|protestors?|remonstrants?|remonstrances?|complainants?|petitioners?)$/;
export const QUANTIFIERS = /^(?:some|others|many|people|few|they|those|everyone|somebody|someone)$/;
/** Verbs of opposing, which carry a stance without a complement ("Opponents object to ..."). */
export const OPPOSING = new Set(["oppose", "object", "doubt", "question", "criticise", "criticize", "worry", "fear", "complain", "lament", "protest", "deplore", "disagree", "resist", "reject", "dispute", "challenge", "warn"]);
/** Nouns of objection: "I recognize the complaint that", "much objection has been made". */
export const OBJECTION_NOUN = /^(?:objections?|complaints?|concerns?|worries|fears|disagreements?|criticisms?|doubts?|reservations?|counterarguments?|myths?|arguments?)$/;

export function isObjectorSubject(tokens: Token[], verbAt: number): boolean {
  for (let i = verbAt - 1; i >= 0 && i >= verbAt - 10; i--) {
    const t = tokens[i]!;
    if (t.word === "," && i < verbAt - 1 && !/^(?:well|you know)$/.test(tokens[i + 1]?.lower ?? "")) break;
    // "in the remonstrance that we find it": the author is the subject, the objectors are elsewhere in the sentence.
    if (t.pos === "PRON" && /^(?:i|we)$/.test(t.lower)) return false;
    if (OBJECTORS.test(t.lower)) return true;
    // "they said, well, ..." stands for the critics only when it quotes them; elsewhere it is anyone.
    // "intended, as they said, 'to form a more perfect union'": a citation in support, not their objection.
    if (t.lower === "they" && (!directSpeech(tokens, verbAt) || tokens[i - 1]?.lower === "as")) continue;
    if (QUANTIFIERS.test(t.lower) && (t.pos === "PRON" || t.pos === "DET" || t.pos === "NOUN" || t.pos === "PROPN" || t.pos === "ADJ")) {
      // "some states said" names its subject by the noun; "some say", "some of you", "some of these folks" do not.
      const next = tokens[i + 1];
      if (!next || next === tokens[verbAt] || next.lower === "of" || next.lower === "who" || next.pos === "ADV" || next.pos === "AUX" || next.pos === "VERB") return true;
      // "Some librarians worry that ...": named by the noun, but the verb itself takes a stance.
      if (t.lower !== "they" && OPPOSING.has(tokens[verbAt]!.lemma) && tokens[verbAt]!.lemma !== "question") return true;
    }
    // "Those who oppose trading argue": a relative clause belongs to the subject it describes.
    if (t.pos === "VERB" && /^(?:who|that)$/.test(tokens[i - 1]?.lower ?? "")) {
      i--;
      continue;
    }
    // "money-bail systems": a verb inside a hyphenated compound is part of a noun.
    if (t.pos === "VERB" && tokens[i - 1]?.word === "-" && tokens[i - 1]!.end === t.start) continue;
    // "Some of our people like to believe that ...": a verb that takes the verb of saying as its infinitive.
    if (t.pos === "VERB" && tokens[i + 1]?.lower === "to" && i + 2 <= verbAt && CATENATIVES.has(t.lemma)) continue;
    if (t.pos === "VERB" && i < verbAt - 1 && t.lower !== "hear") break;
  }
  return false;
}

/** Verbs that take another verb's infinitive and leave it the subject's act: "like to believe", "continue to argue". */
const CATENATIVES = new Set(["like", "love", "prefer", "want", "wish", "seem", "appear", "tend", "continue", "choose", "try", "begin", "start", "go", "come", "hasten", "rush"]);

/** Words that open a direct question: "asked, won't this ...?", "asked: why not ...?". */
const QUESTION_OPENERS = /^(?:why|what|how|who|whom|where|when|which|whether|is|are|was|were|do|does|did|will|would|can|could|should|shall|wo|won't|isn't|aren't|don't|doesn't|can't|shouldn't|wouldn't)$/;

/** What follows a verb of saying carries a claim: "that ...", a quotation, ", well, ...", a clause, "it amnesty". */
function hasClaim(tokens: Token[], verbAt: number): boolean {
  const next = tokens.slice(verbAt + 1, verbAt + 4);
  if (!next.length) return false;
  // "Skeptics point out that ...": the particle belongs to the verb.
  if (/^(?:out|up)$/.test(next[0]!.lower) && next[1]) next.shift();
  const first = next[0]!;
  if (first.lower === "that" || /^["“:]$/.test(first.word) || first.pos === "SCONJ") return true;
  // "those who wonder why we ...", "you may ask whether ...": an indirect question is what they ask.
  if (/^(?:wonder|ask|question|doubt)$/.test(tokens[verbAt]!.lemma) && /^(?:why|whether|how|what|if)$/.test(first.lower)) return true;
  // "If, as many of its friends claim, silver ought to ...": the parenthesis attributes the clause around it.
  if (first.word === "," && tokens.slice(Math.max(0, verbAt - 7), verbAt).some((t) => t.lower === "as")) return true;
  // "many of you have asked, won't this put us ...?": a direct question after a verb of asking.
  const question = tokens.at(-1)?.word === "?" || tokens.at(-2)?.word === "?";
  if (question && first.word === "," && next[1] && (next[1].pos === "AUX" || QUESTION_OPENERS.test(next[1].lower))) return true;
  // "asked a broader question: why should we ...?", "raised one concern: ...": the claim after its noun and a colon.
  for (let k = verbAt + 1; k < tokens.length && k <= verbAt + 5; k++) {
    const t = tokens[k]!;
    if (t.word === ":") return k > verbAt + 1 && /^(?:question|questions|point|points|concern|concerns|objection|objections|argument|arguments|worry|worries|criticism)$/.test(tokens[k - 1]!.lower);
    if (t.pos === "PUNCT") break;
  }
  // ", well, ...", ", you know, ...", ", “...": direct speech after a comma; ", not what I say" is not.
  if (first.word === ",") return /^(?:well|look|you|that|“|")$/.test(next[1]?.lower ?? "") || (next[1]?.pos === "PRON" && /^(?:VERB|AUX)$/.test(next[2]?.pos ?? ""));
  // "they said it was ...", not "many have found their way into the bill": a subject, not a possessive.
  if (first.pos === "PRON") return !/^(?:my|your|his|her|its|our|their|whose)$/.test(first.lower);
  // "object to it as too great", "talk about, well, what does this mean".
  if (first.pos === "ADP" && next.some((t) => t.word === "," || t.lower === "as" || t.pos === "PRON")) return true;
  // "some worry immigration will change ...", "people saying Japan is unreliable": a clause follows,
  // its subject first; "claiming less funds than they are eligible for" has an object, not a clause.
  let j = verbAt + 1;
  while (j < tokens.length && j <= verbAt + 5 && /^(?:DET|ADJ|NOUN|PROPN|PRON|NUM)$/.test(tokens[j]!.pos)) j++;
  const v = tokens[j];
  return j > verbAt + 1 && !!v && (v.pos === "VERB" || v.pos === "AUX") && v.lower !== v.lemma && !v.lower.endsWith("ing");
}

let kindCues: Set<string> | undefined;
/** The words some route of `objectionKind` turns on: verbs of saying and opposing, nouns of objection and risk, concessions, hedges. */
const KIND_CUES = () =>
  (kindCues ??= new Set([
    ...SAYING, ...OPPOSING, ...STANCE_NOUNS, ...HARM_VERBS, ...ATTITUDE, ...VOICING, ...STANCE_VERBS, "refer", "describe", "characterize", "characterise", "brand", "label", "dismiss", "portray",
    "cast", "seen", "viewed", "regarded", "equated", "painted", "misled", "blocked", "swayed", "pretend", "counterintuitive", "opposed", "unpopular", "impractical", "controversial", "notion", "idea", "belief", "perception", "assumption", "impression", "goes", "misunderstanding", "misconception", "rumor", "rumour", "falsehood", "misperception", "challenging", "burdensome", "purview", "aware", "wary", "worried", "concerned", "afraid", "doubtful", "suspicious", "fearful", "unconvinced",
    "true", "sure", "granted", "admittedly", "myth", "concur", "agree", "disagree", "believe", "seem", "appear",
    "objection", "complaint", "concern", "worry", "fear", "disagreement", "criticism", "doubt", "reservation", "counterargument", "argument", "suggestion", "charge", "contention", "assertion",
    "risk", "drawback", "downside", "danger", "difficulty", "difficult", "hard", "complicated", "impossible", "impossibility", "impracticable", "burden", "burdensome", "problem", "trouble", "catch",
    "critic", "critics", "opponent", "opponents", "sceptic", "skeptic", "sceptics", "skeptics", "detractor", "naysayer", "dissenter", "doubter", "cynic", "voices",
    "skeptical", "sceptical", "critical", "opposed", "conceded", "concede", "answer", "reply", "sensible", "although", "though", "questions", "know", "understand", "realize", "recognize",
  ]));

function isAuthor(t: Token): boolean {
  return t.pos === "PRON" && /^(?:i|we)$/.test(t.lower);
}

/** Nouns of resistance to something: "received with reluctance and distrust". */
const STANCE_NOUNS = new Set(["reluctance", "distrust", "mistrust", "opposition", "resistance", "hostility", "skepticism", "scepticism", "suspicion"]);
/** What a document proposes, named: "our recommendation", "this proposal", "any proposition for its amendment". */
const PROPOSAL_WORDS = new Set(["recommendation", "proposal", "proposition", "plan", "bill", "legislation", "amendment", "reform", "provision", "alteration"]);
/** What a stance can be taken against besides a proposal: the policy a document discusses. */
const POLICY_WORDS = new Set(["rule", "regulation", "mandate", "requirement", "law", "statute", "standard"]);
/** Verbs of harm: "would disturb business", "might hurt Medicare". */
const HARM_VERBS = new Set(["disturb", "harm", "hurt", "injure", "damage", "destroy", "impair", "undermine", "endanger", "threaten", "disrupt", "cripple", "burden"]);

/** Verbs whose object can be an objection named by its noun: "expressed concern", "raised objections", "voiced doubts". */
const VOICING = new Set(["express", "raise", "voice", "share", "cite", "register", "air", "lodge", "file"]);
/** Verbs of taking a stance against something: with the proposal as object, or with grounds, an objection. */
const STANCE_VERBS = new Set(["oppose", "object", "criticise", "criticize", "dispute", "challenge", "contest", "protest", "reject", "resist", "decry", "denounce", "condemn", "attack"]);

/** Verbs of attitude whose object is a thing, not a claim: "criticise X", "oppose X", "resist X". */
const ATTITUDE = new Set(["criticise", "criticize", "oppose", "resist", "attack", "condemn", "dislike"]);

/** Whether an attitude verb gives its grounds: "that ...", "criticise X for ...", "oppose it as ...", "because ...". */
function statesGrounds(tokens: Token[], verbAt: number): boolean {
  const next = tokens.slice(verbAt + 1, verbAt + 9);
  if (next[0] && (next[0].lower === "that" || next[0].pos === "SCONJ" || /^["“:]$/.test(next[0].word))) return true;
  return next.some((t) => /^(?:as|for|because|since|saying|arguing|claiming)$/.test(t.lower));
}

function withoutAsides(ts: Token[]): Token[] {
  // A sentence wholly in parentheses is the text itself, not an aside within it.
  if (ts[0]?.word === "(" || !ts.some((t) => t.word === "(")) return ts;
  let depth = 0;
  return ts.filter((t) => {
    if (t.word === "(") depth++;
    const keep = depth === 0;
    if (t.word === ")" && depth > 0) depth--;
    return keep;
  });
}

/**
 * After the author at `i`, the verb of knowing the author's clause turns on: "I know", "I've heard"
 * (one auxiliary between), "I'm also well aware" (auxiliaries and adverbs before "aware"); or -1.
 */
function knowingVerb(tokens: Token[], i: number): number {
  let k = i + 1;
  while (k <= i + 3 && (tokens[k]?.pos === "AUX" || tokens[k]?.pos === "ADV")) k++;
  if (tokens[k]?.lower === "aware") return k;
  const v = tokens[i + 1]?.pos === "AUX" && !tokens[i + 1]!.negated ? i + 2 : i + 1;
  return /^(?:know|understand|recognize|recognise|hear|acknowledge|realize|realise|appreciate)$/.test(tokens[v]?.lemma ?? "") ? v : -1;
}

/** A group of objectors is the subject of the verb at `verbAt`: "many in this country are", "critics are", "some of you are". */
function groupSubject(tokens: Token[], verbAt: number): boolean {
  for (let i = verbAt - 1; i >= 0 && i >= verbAt - 6; i--) {
    const t = tokens[i]!;
    // "people who are skeptical ... often talk about": a relative clause names the group; its predicate is elsewhere.
    if (t.pos === "VERB" || t.pos === "AUX" || t.word === "," || isAuthor(t) || /^(?:who|that|which)$/.test(t.lower)) return false;
    if (OBJECTORS.test(t.lower) || (QUANTIFIERS.test(t.lower) && t.lower !== "they" && t.lower !== "those")) return true;
  }
  return false;
}

/** Direct speech follows: ", well, ...", a quotation, a colon, also after "about" ("talking about, well, ..."). */
function directSpeech(tokens: Token[], verbAt: number): boolean {
  const at = tokens[verbAt + 1]?.lower === "about" ? verbAt + 2 : verbAt + 1;
  return /^[,“":]$/.test(tokens[at]?.word ?? "");
}

export type Kind = "claim" | "scene" | null;

/** Whether a sentence reports an objection (its claim), or only sets the scene for one. */
export function objectionKind(all: Token[]): Kind {
  const kind = readKind(all);
  // "I hear these concerns.", "Every argument has been made.": a claim whose only noun names the
  // objections (a few words, no clause, no quotation) announces the objections around it, and states none.
  const nouns = all.filter((t) => t.pos === "NOUN" || t.pos === "PROPN");
  if (kind === "claim" && all.filter((t) => t.pos !== "PUNCT").length <= 6 && nouns.length > 0 && nouns.every((t) => OBJECTION_NOUN.test(t.lower)) && !all.some((t) => /^(?:that|“|"|:|\?)$/.test(t.word))) return "scene";
  return kind;
}

// Each pattern below is tried only when one of its key words is in the sentence; the word lists are
// written once, for the test and for the pattern.
/** Costs or resistance granted to a proposal: "Many of these proposals will be unpopular", "however, it may be impractical". */
const GRANTED_COSTS = ["unpopular", "impractical", "difficult", "costly", "expensive", "painful", "controversial", "burdensome", "hard"];
const GRANTED_COST = new RegExp(
  `\\b(?:(?:these|this|our|my|the) (?:\\w+ )?(?:proposals?|plans?|measures?|reforms?|changes?|programs?) (?:will|would|may|might|could) be|(?:however|but|yet)(?: ,)? (?:it|this|that) (?:may|might|could|would|will) be) (?:\\w+ )?(?:${GRANTED_COSTS.join("|")})\\b`,
);
/** Views named by their noun and put about without their holders: "There is a notion out there that ...". */
const VIEW_NOUNS = ["notion", "idea", "belief", "view", "perception", "assumption", "myth", "impression"];
const UNNAMED_VIEW = new RegExp(
  `\\b(?:heard it (?:said|argued|suggested|claimed)|(?:we|i) (?:are|am|'re|’re|'m|’m|keep being|have been|'ve been|’ve been) (?:often |sometimes |repeatedly )?told) that\\b|\\bthere (?:is|are|'s|’s) (?:a|an|this|the) (?:\\w+ )?(?:${VIEW_NOUNS.join("|")}) (?:out there )?that\\b|\\b(?:argument|thinking|reasoning|story) goes\\b`,
);
/** Mistaken views the author clears up (each also in the plural). */
const MISTAKEN_VIEWS = ["misunderstanding", "misconception", "myth", "rumor", "rumour", "falsehood", "misperception"];
/** Difficulties a party foresees ("it may be challenging to ..."), and a limit of its remit. */
const FORESEEN_DIFFICULTIES = ["challenging", "difficult", "burdensome", "costly", "impractical", "unnecessary", "infeasible"];
const FORESEEN_DIFFICULTY = new RegExp(`\\b(?:(?:may|might|could|would|will) (?:be|prove|become) (?:\\w+ )?(?:${FORESEEN_DIFFICULTIES.join("|")})|outside (?:their|its|the) purview)\\b`);
/** Common opinion in the passive with a frequency: "is often unfairly characterized as". */
const FREQUENCIES = ["often", "sometimes", "commonly", "frequently", "widely", "usually", "still"];
const COMMON_OPINION = new RegExp(
  `\\b(?:is|are|was|were|gets?|been) (?:${FREQUENCIES.join("|")}) (?:(?:unfairly|wrongly|mistakenly) )?(?:characterized|characterised|portrayed|described|seen|viewed|cast|regarded|dismissed|criticized|criticised|equated|painted|labeled|labelled|branded)\\b`,
);

function readKind(all: Token[]): Kind {
  // Every route below needs one of these words, or a question mark; most sentences have none.
  const cues = KIND_CUES();
  // (A negated verb of liking or wanting, "they don't like this idea", is a cue too; the verb alone is too common to be one.)
  if (!all.some((t) => cues.has(t.lemma) || cues.has(t.lower) || t.word === "?" || (t.negated && /^(?:like|support|want|accept|favor|favour|endorse)$/.test(t.lemma)))) return null;
  // "RR: The danger is that ...": a speaker's name before a colon is not part of what is said; nor is
  // an aside in parentheses ("the emergencies in effect (some may refer to these as 'active')").
  const tokens = withoutAsides(all.slice(speakerLabel(all)));
  const lower = tokens.map((t) => t.lower);
  const text = lower.join(" ");
  // The words of the sentence, to skip at once the patterns whose key word is absent.
  const W = new Set(lower);
  // "To the suggestion that this proposal is a refuge, I answer ...": a view named by its noun, then answered.
  if (W.has("that") && /^(?:to |as to |against )?the (?:suggestion|claim|argument|charge|objection|contention|assertion|complaint) that\b/.test(text)) return "claim";
  // "Part of what makes this issue difficult is ...", "The difficulty is that ...": a difficulty the author grants.
  if ((W.has("makes") || lower[0] === "the") && /\bwhat makes (?:this|it|that|the \w+)(?: \w+)? (?:difficult|hard|complicated)\b|^the (?:difficulty|problem|trouble|catch|danger|risk) (?:here )?is (?:that )?\b|^the (?:difficulty|difficulties) (?:attending|of|with|in) \b/.test(text)) return "claim";
  // "there is no basis for the claim made by some members of the Court that ...", "the charge is
  // made that I would appoint ...": a view named by its noun, made by a group or put as a claim.
  if (["made", "advanced", "urged", "raised", "put", "repeated"].some((w) => W.has(w)) && /\b(?:claims?|charges?|assertions?|allegations?|contentions?|accusations?) (?:is |are |was |were |has been |have been )?(?:made|advanced|urged|raised|put forward|repeated)(?:(?: not (?:just|only))? by (?:some|many|others|critics|opponents|those|people|radio|the)\b| that\b| in (?:certain|some|many) quarters\b)/.test(text)) return "claim";
  // "The removal forms another subject of complaint", "a matter of concern to many": what a complaint is about.
  if (W.has("of") && /\b(?:subject|matter|ground|grounds|cause|source) of (?:complaint|objection|criticism|concern|controversy|dispute)\b/.test(text)) return "claim";
  // "Although the remedy may be attended with difficulty, ...", "Though new taxes can not be agreeable, ...":
  // a concessive clause that grants a cost or a limit of what is proposed.
  if (concedesDifficulty(tokens)) return "claim";
  // "Other questions involve the risk of ...", "Another concern is cost": objections counted off by their noun.
  if (/^(?:(?:and|but|now|finally)(?: ,)? )?(?:other|another|some|many|further|additional|a second|a third|one|the other|a related) (?:questions?|concerns?|objections?|criticisms?|worries|doubts?) (?:involve|involves|concern|concerns|relate|relates|is|are|center|centers|focus|focuses|arise|arises|have been|has been)\b/.test(text)) return "claim";
  // "To those who seek to keep control locally, the answer is simple": the author answers a group's position.
  if (W.has("who") && /^(?:and |so |now |but )?to (?:all )?(?:those|the people|people|anyone|everyone|critics|the critics) who\b/.test(text) && /\b(?:answer|reply|response|i say|i would say|let me say)\b/.test(text)) return "claim";
  // "... may seem to be less necessary ..., but ...": a point granted before it is answered.
  if ((W.has("seem") || W.has("appear")) && /\b(?:may|might|could) (?:well )?(?:seem|appear)\b/.test(text) && /\b(?:but|yet|however)\b/.test(text)) return "claim";
  // "any proposition for its amendment should be received with reluctance and distrust": a proposal met with resistance.
  // The stance must bear on the proposal, near it: not "suspicion that they ... are conducting business on a plan which ...".
  if (tokens.some((t, i) => t.pos === "NOUN" && STANCE_NOUNS.has(t.lemma) && tokens.slice(Math.max(0, i - 10), i + 10).some((x) => PROPOSAL_WORDS.has(x.lemma)))) return "claim";
  // "But such an investigation ... would be likely to disturb business": a harm the author concedes.
  if (/^(?:but|yet|however|on the other hand)\b/.test(text) && tokens.some((t, i) => t.pos === "VERB" && HARM_VERBS.has(t.lemma) && tokens.slice(Math.max(0, i - 6), i).some((x) => /^(?:would|might|may|could|will)$/.test(x.lower)))) return "claim";
  // "On the other hand, the enormous volume ... and the impossibility of any commission supervising ...".
  if (/^on the other hand\b/.test(text) && tokens.some((t) => /^(?:difficult|difficulty|difficulties|impossible|impossibility|impracticable|burden|burdensome)$/.test(t.lower))) return "claim";
  // "Those opposing this plan have sought to arouse prejudice by crying that ...": a group named by
  // its stance toward the proposal; with a that-clause after, what it is said to claim.
  const opposing = tokens.findIndex((t, i) => t.lower.endsWith("ing") && (STANCE_VERBS.has(t.lemma) || OPPOSING.has(t.lemma)) && (QUANTIFIERS.test(lower[i - 1] ?? "") || OBJECTORS.test(lower[i - 1] ?? "")) && tokens.slice(i + 1, i + 4).some((x) => PROPOSAL_WORDS.has(x.lemma)));
  if (opposing >= 0) return lower.slice(opposing + 3).includes("that") ? "claim" : "scene";
  // "But you may ask why can't we ...", "you might say that ...": the hearer's objection, voiced for them.
  if (tokens.some((t, i) => t.lower === "you" && (tokens[i + 1]?.pos === "AUX" && /^(?:may|might|will|would)$/.test(lower[i + 1]!) ? /^(?:ask|say|wonder|object|argue)$/.test(tokens[i + 2]?.lemma ?? "") && hasClaim(tokens, i + 2) : false))) return "claim";
  // "If, as many of its friends claim, silver ought to ...": a parenthesis that gives the clause around
  // it to a group (the tagger often reads its verb as a noun).
  if (W.has("as") && /\bas (?:\w+ ){0,5}(?:claim|say|argue|contend|insist|believe|maintain|assert|allege)s? ,/.test(text) && /\bas (?:\w+ )*?(?:some|many|others|critics|opponents|people|friends|advocates|supporters|those) /.test(text)) return "claim";
  // "For some of his critics, his brand of liberalism represented an affront ...": the view of the
  // objectors named in an opening phrase, then stated.
  const comma = lower.indexOf(",");
  const opening = clauseStart(tokens);
  if (comma > 1 && comma <= 8 && /^(?:for|to)$/.test(lower[opening] ?? "") && tokens.slice(0, comma).some((t) => OBJECTORS.test(t.lower)) && comma < tokens.length - 4) return "claim";
  // "many in this country are deeply skeptical that ...", "Critics are wary of ...": a group's stance, predicated.
  if (tokens.some((t, i) => t.lemma === "be" && /^(?:skeptical|sceptical|critical|opposed|worried|concerned|afraid|doubtful|wary|suspicious|fearful|unconvinced)$/.test((tokens[i + 1]?.pos === "ADV" ? tokens[i + 2] : tokens[i + 1])?.lower ?? "") && groupSubject(tokens, i))) return "claim";
  // "DOE commented that the draft report wrongly attributed ...": a party's criticism of the report itself.
  if (W.has("report") && tokens.some((t, i) => t.pos === "VERB" && (SAYING.has(t.lemma) || t.lemma === "comment") && !tokens.slice(0, i).some((x) => isAuthor(x)) && lower[i + 1] === "that" && /^(?:the|our|this|gao's|gao’s) (?:draft )?report\b/.test(lower.slice(i + 2, i + 5).join(" ")) && tokens.slice(i + 2).some((x) => x.negated || /^(?:wrongly|incorrectly|inaccurately|overstated|understated|mischaracterized|mischaracterizes|misstated|ignored|overlooked)$/.test(x.lower)))) return "claim";
  // "we must not be misled by those who would make defense the scapegoat", "must not be blocked by
  // those who fear ...": the author refuses a group's pressure, which states its view.
  if (W.has("by") && /\b(?:not|n't|never) be (?:\w+ )?(?:misled|blocked|swayed|deterred|diverted|stopped|frightened|fooled|deceived|distracted|moved) by (?:those|people|critics|opponents|others|anyone) (?:who|that)\b/.test(text)) return "claim";
  // "the insurance companies and their allies don't like this idea": a party against the proposal.
  if (tokens.some((t, i) => t.pos === "VERB" && /^(?:like|support|want|accept|favor|favour|endorse)$/.test(t.lemma) && t.negated && !tokens.slice(0, i).some((x) => isAuthor(x)) && tokens.slice(i + 1, i + 4).some((x) => PROPOSAL_WORDS.has(x.lemma) || x.lemma === "idea") && /^(?:this|that|the|our|my|such)$/.test(lower[tokens.slice(i + 1, i + 4).findIndex((x) => PROPOSAL_WORDS.has(x.lemma) || x.lemma === "idea") + i] ?? ""))) return "claim";
  // "Many of these proposals will be unpopular.", "however, it may be impractical ...": a cost or a
  // resistance the author grants the proposal, in the future or the conditional.
  if (GRANTED_COSTS.some((w) => W.has(w)) && GRANTED_COST.test(text)) return "claim";
  // "I'm sure that each of you will find something you don't like about our proposal": a part of the
  // audience, not the author, against the proposal.
  if (tokens.some((t, i) => t.lemma === "like" && t.negated && /^(?:you|they|some|many|others)$/.test(lower.slice(Math.max(0, i - 4), i).find((w) => /^(?:i|we|you|they|some|many|others)$/.test(w)) ?? "i") && tokens.slice(i + 1, i + 9).some((x) => PROPOSAL_WORDS.has(x.lemma)))) return "claim";
  // "It sounds counterintuitive — won't you get half as much done? — but ...", "Opposed to this view was ...":
  // an appearance granted before it is answered, and a view's opponent put first.
  if (W.has("but") && /\b(?:sounds?|seems?|looks?|appears?) (?:\w+ )?(?:counterintuitive|strange|odd|risky|wasteful|inefficient|expensive|costly|crazy|wrong|unfair)\b/.test(text)) return "claim";
  if (/^opposed to (?:this|that|the|such|these)\b/.test(text)) return "claim";
  // "I don't pretend that this plan will solve all our problems": a limit the author grants the proposal.
  if (tokens.some((t, i) => isAuthor(t) && tokens.slice(i + 1, i + 4).some((x) => x.negated && /^(?:pretend|claim|suggest|promise)$/.test(x.lemma)) && tokens.slice(i + 2, i + 9).some((x) => PROPOSAL_WORDS.has(x.lemma)))) return "claim";
  // "I have heard it said that ...", "We are told that ...", "There is a notion out there that ...",
  // "The argument goes that ...": a view put about by others, without naming them.
  if (["told", "heard", "goes", ...VIEW_NOUNS].some((w) => W.has(w)) && UNNAMED_VIEW.test(text)) return "claim";
  // "And one more misunderstanding I want to clear up, under our plan, no federal dollars will be
  // used ...", "let me dispel a myth": the author takes up a view held against the plan.
  if (MISTAKEN_VIEWS.some((w) => W.has(w) || W.has(`${w}s`)) && /\b(?:misunderstandings?|misconceptions?|myths?|rumou?rs?|falsehoods?|misperceptions?) (?:(?:that )?(?:i|we) (?:want|would like|need|have) to |to )?(?:clear up|dispel|correct|address|answer|rebut|put to rest|debunk)\b|\b(?:clear up|dispel|correct|debunk|put to rest) (?:a|the|one|another|this|that|some) (?:\w+ )?(?:misunderstandings?|misconceptions?|myths?|rumou?rs?)\b/.test(text)) return "claim";
  // "DOT officials said it may be challenging to analyze ...", "Interior commented that mitigating
  // the consequences is outside their purview": a party's reservation, a difficulty it foresees (a
  // modal, not a difficulty it reports having met: "states reported that the rules were challenging"),
  // or a limit of its remit.
  if ((FORESEEN_DIFFICULTIES.some((w) => W.has(w)) || W.has("purview")) && tokens.some((t, i) => t.pos === "VERB" && (SAYING.has(t.lemma) || t.lemma === "comment") && t.lower !== t.lemma && !tokens.slice(0, i).some((x) => isAuthor(x)) && tokens.slice(0, i).some((x) => x.pos === "PROPN" || /^(?:officials|stakeholders|participants|representatives)$/.test(x.lower)) && FORESEEN_DIFFICULTY.test(lower.slice(i + 1, i + 14).join(" ")))) return "claim";
  // "This problem is often unfairly characterized as ...", "management is often cast as a villain":
  // a common view, attributed by the passive and a frequency, which the author goes on to weigh.
  if (FREQUENCIES.some((w) => W.has(w)) && COMMON_OPINION.test(text)) return "claim";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // "It is said that ...", "It may be conceded that ...", "it is true that ... is going to cost".
    if (lower[i] === "it" && i + 2 < tokens.length) {
      // ("It is also said that ...": an adverb may stand in the verb group.)
      const window = lower.slice(i + 1, i + 5).join(" ");
      const said = tokens.slice(i + 1, i + 7).filter((x) => x.pos !== "ADV").slice(0, 3).map((x) => x.lower).join(" ");
      if (/^(?:is|has been|may be|will be|might be|was) (?:said|argued|claimed|objected|contended|urged|conceded|alleged)\b/.test(said)) return "claim";
      if (/^(?:(?:is|must be|may be) (?:true|admitted|conceded|granted) that|is (?:doubtful|questionable) whether)\b/.test(window)) return "claim";
    }
    if (i === 0 && /^(?:admittedly|granted|myth)$/.test(t.lower)) return "claim";
    // "Of course, there is a risk that traffic moves ...": a risk the author grants.
    if (i === 0 && /^(?:of course|to be sure|true|certainly)(?: ,)? there (?:is|are|remains|remain) (?:a |an |some |the )?(?:\w+ )?(?:risks?|dangers?|chance|possibility) that\b/.test(text)) return "claim";
    if (i < 2 && lower[i] === "to" && lower[i + 1] === "be" && lower[i + 2] === "sure") return "claim";
    // "will be opposed by those who ...", "much objection has been made on the part of carriers".
    if (t.lemma === "oppose" && lower[i - 1] === "be" || (t.lemma === "oppose" && tokens[i - 1]?.lemma === "be")) {
      if (lower.slice(i + 1, i + 5).includes("by")) return "claim";
    }
    // Tested once per token: most tokens are no noun of objection, and the routes below need one.
    const objectionNoun = t.pos === "NOUN" && OBJECTION_NOUN.test(t.lower);
    if (objectionNoun && /^(?:has|have|was|were|been|is|are)$/.test(lower[i + 1] ?? "") && (/^(?:made|raised|voiced|urged)$/.test(lower[i + 2] ?? "") || /^(?:made|raised|voiced|urged)$/.test(lower[i + 3] ?? ""))) return "claim";
    if (objectionNoun && lower[i - 1] === "of" && /^(?:voices|expressions)$/.test(lower[i - 2] ?? "")) return "claim";
    // "One objection is that ...", "The main risk of this approach is that ...": a stated objection or risk.
    // "the most insidious argument they're making is the idea that ...".
    if (i < 8 && t.pos === "NOUN" && (objectionNoun || /^(?:risks?|drawbacks?|downsides?|dangers?)$/.test(t.lower)) && lower.slice(i + 1, i + 9).join(" ").match(/\bis (?:the (?:idea|claim|notion|view) )?that\b/)) return "claim";
    // "HHS disagreed", not "just because we disagree on this".
    if (t.lemma === "disagree" && t.pos === "VERB" && !lower.slice(0, i).includes("neither") && !tokens.slice(Math.max(0, i - 3), i).some((x) => isAuthor(x)) && tokens.slice(0, i).some((x) => x.pos === "NOUN" || x.pos === "PROPN")) return "claim";
    // "There are those who say that ...", "there are people who argue ...": the existential names the
    // group, and its relative clause carries the claim.
    // "Now, there are also those who claim that ...": after an opening discourse marker too.
    if (i === opening && lower[i] === "there" && tokens[i + 1]?.lemma === "be") {
      const who = lower.findIndex((w, k) => k > i && k <= i + 6 && (w === "who" || w === "that") && (QUANTIFIERS.test(lower[k - 1] ?? "") || OBJECTORS.test(lower[k - 1] ?? "")));
      const verb = who > 0 ? who + (tokens[who + 1]?.pos === "ADV" || tokens[who + 1]?.pos === "AUX" ? 2 : 1) : -1;
      if (verb > 0 && (SAYING.has(tokens[verb]?.lemma ?? "") || OPPOSING.has(tokens[verb]?.lemma ?? "")) && hasClaim(tokens, verb)) return "claim";
    }
    // "Some stakeholders have expressed concern about ...", "the states raised objections": a party
    // voices an objection named by its noun.
    // Someone's concern about a state of affairs is the document's subject, not an objection: the
    // party must be a group of objectors ("some stakeholders") or the concern must be about the proposal.
    if (t.pos === "VERB" && VOICING.has(t.lemma) && !t.negated && tokens.slice(i + 1, i + 4).some((x) => OBJECTION_NOUN.test(x.lower)) && !tokens.slice(Math.max(0, i - 4), i).some((x) => isAuthor(x))) {
      const group = tokens.slice(Math.max(0, i - 5), i).some((x) => QUANTIFIERS.test(x.lower) && x.lower !== "they");
      if (group || isObjectorSubject(tokens, i) || tokens.slice(i + 1).some((x) => PROPOSAL_WORDS.has(x.lemma))) return "claim";
    }
    // "Two groups oppose my plan on the ground that ...", "the Institute objected to the 2012 rule":
    // a stance taken against the proposal, or with its grounds, by a party other than the author.
    // Not "as opposed to", not an adjective ("extremely challenging"), not a participle after its noun
    // or a passive ("the methods condemned by the statute").
    const finiteStance =
      // (Not a noun the tagger read as a verb: "due to challenges meeting the requirements".)
      t.pos === "VERB" && STANCE_VERBS.has(t.lemma) && !t.negated && !t.lower.endsWith("ing") && lower[i - 1] !== "as" && !/^(?:to|of|the|a|an|its|their|our)$/.test(lower[i - 1] ?? "") &&
      !(t.lower !== t.lemma && ((tokens[i - 1]?.pos === "NOUN" && !/^(?:DET|PRON|ADJ|NUM)$/.test(tokens[i + 1]?.pos ?? "")) || tokens[i - 1]?.lemma === "be"));
    if (finiteStance && !tokens.slice(Math.max(0, i - 6), i).some((x) => isAuthor(x)) && tokens.slice(0, i).some((x) => x.pos === "NOUN" || x.pos === "PROPN")) {
      // ("will attack the part of this plan that affects them": the proposal a few words on.)
      const object = tokens.slice(i + 1, i + 7);
      // A party that challenges a rule, a law or a program under discussion objects to it (a report
      // with no proposal of its own labels those).
      const atProposal = object.some((x, k) => PROPOSAL_WORDS.has(x.lemma) || POLICY_WORDS.has(x.lemma) || /^(?:my|our)$/.test(x.lower) || (x.lower === "to" && k === 0));
      // Critics who merely criticise ("opponents criticise his policies harshly") set a scene; with grounds they object.
      if (atProposal || (statesGrounds(tokens, i) && isObjectorSubject(tokens, i))) return "claim";
    }
    // "Other groups have pressed Congress to ..., contending that ...": a party's claim in a participle
    // clause after what it did; the sentence's subject is not the author.
    if (t.pos === "VERB" && t.lower.endsWith("ing") && lower[i - 1] === "," && lower[i + 1] === "that" && /^(?:arguing|contending|claiming|insisting|asserting|complaining|warning|objecting|saying)$/.test(t.lower)) {
      const before = tokens.slice(0, i);
      if (!before.some((x) => isAuthor(x)) && before.some((x) => x.pos === "NOUN" || x.pos === "PROPN")) return "claim";
    }
    // "Opponents of concurrent receipt referred to it as double dipping": critics naming what is proposed.
    if (t.pos === "VERB" && /^(?:refer|describe|characterize|characterise|brand|label|dismiss|denounce|decry|portray)$/.test(t.lemma) && isObjectorSubject(tokens, i) && lower.slice(i + 1, i + 6).includes("as")) return "claim";
    // "Some have questioned the data": the group doubts, even without a clause.
    if (t.lemma === "question" && t.pos === "VERB" && isObjectorSubject(tokens, i)) return "claim";
    // "I know some worry ...", "I recognize the complaint that ...", "I understand the disagreements held by many".
    // ("I've heard the argument that ...": an auxiliary may come between; "I'm also well aware that
    // there are many who ...": being aware is knowing.)
    const knowing = t.lower === "i" || t.lower === "we" ? knowingVerb(tokens, i) : -1;
    if (knowing > 0) {
      const rest = tokens.slice(knowing + 1, knowing + 9);
      // "I know that some of you have sworn oaths ...", "I realize that some of you have a different
      // theory ...", "... that there are many Republicans who don't believe ...": a part of the
      // audience, or a group, set against the author's view, whatever its verb.
      const audience = rest.some((x, k) => /^(?:some|many|few|most|several)$/.test(x.lower) && rest[k + 1]?.lower === "of" && /^(?:you|us)$/.test(rest[k + 2]?.lower ?? ""));
      const some = rest.findIndex((x) => x.lower === "there") >= 0 && rest.some((x, k) => /^(?:many|some|those|people|others)$/.test(x.lower) && rest.slice(k + 1, k + 4).some((y) => y.lower === "who")) && rest.some((x) => x.negated || OPPOSING.has(x.lemma));
      // "Now, I know there's been a lot of skepticism about ...": the stance itself, named.
      if (audience || some || rest.some((x) => x.pos === "NOUN" && STANCE_NOUNS.has(x.lemma))) return "claim";
      // "... that some worry", "... that some of you fear": the group, then its verb of saying or opposing.
      const voices = (k: number) => SAYING.has(rest[k]?.lemma ?? "") || OPPOSING.has(rest[k]?.lemma ?? "");
      const partitive = (k: number) => rest[k + 1]?.lower === "of" && /^(?:you|us|them|these|those)$/.test(rest[k + 2]?.lower ?? "") && voices(k + 3);
      if (rest.some((x, k) => OBJECTION_NOUN.test(x.lower) || OBJECTORS.test(x.lower) || (QUANTIFIERS.test(x.lower) && x.lower !== "they" && (voices(k + 1) || partitive(k))))) return "claim";
    }
    // "HHS stated that our recommendation would require ...": a party's reservation about the proposal.
    // Not the author's own act ("I feel called upon ... to urge that the amendment ... be submitted").
    if (t.pos === "VERB" && SAYING.has(t.lemma) && t.lemma !== "recommend" && !tokens.slice(0, i).some((x) => isAuthor(x)) && lower[i - 1] !== "to" && lower[i + 1] === "that" && tokens.slice(i + 2, i + 6).some((x, k, xs) => PROPOSAL_WORDS.has(x.lemma) && /^(?:our|my|this|the|such)$/.test(xs[k - 1]?.lower ?? lower[i + 1]!))) return "claim";
    // "those members of Congress who question my authority": a stance aimed at the author.
    if (t.pos === "VERB" && OPPOSING.has(t.lemma) && /^(?:who|that)$/.test(lower[i - 1] ?? "") && /^(?:my|our|me|us)$/.test(lower[i + 1] ?? "")) return "claim";
    // An agency that disagrees: "HHS did not concur", "Treasury told us that it did not believe ...".
    if ((t.lemma === "concur" || t.lemma === "agree" || t.lemma === "believe") && t.negated && tokens.slice(0, i).some((x) => x.pos === "PROPN" || x.pos === "NOUN")) {
      if (!lower.slice(0, i).includes("neither") && !tokens.slice(0, i).some((x) => x.pos === "PRON" && /^(?:i|we)$/.test(x.lower) && !lower.slice(0, i).includes("told"))) return "claim";
    }
    if (t.lemma === "disagree" && !lower.slice(0, i).includes("neither") && !tokens.slice(Math.max(0, i - 3), i).some((x) => isAuthor(x)) && tokens.slice(0, i).some((x) => x.pos === "PROPN")) return "claim";
    // A verb mistagged as a noun right after its subject: "Some worry that", "people talk about".
    const nounVerb = t.pos === "NOUN" && (SAYING.has(t.lemma) || OPPOSING.has(t.lemma)) && /^(?:PRON|DET|NOUN|PROPN)$/.test(tokens[i - 1]?.pos ?? "") && (QUANTIFIERS.test(tokens[i - 1]!.lower) || OBJECTORS.test(tokens[i - 1]!.lower));
    if (t.pos !== "VERB" && !nounVerb) continue;
    if (!(SAYING.has(t.lemma) || OPPOSING.has(t.lemma) || t.lemma === "talk")) continue;
    // "When you hear people say ...", "those who oppose X say ...": the objectors are its subject.
    if (!isObjectorSubject(tokens, i)) continue;
    // A relative clause names the group ("those who oppose ...", "people who will find ..."); its own
    // verb is not the claim, unless it says something: "Those who have intimated that the President
    // is trying to drive this country into war are ...", where the group is named by what it claims.
    let rel = i - 1;
    while (rel > 0 && /^(?:AUX|ADV)$/.test(tokens[rel]!.pos)) rel--;
    if (/^(?:who|that|which)$/.test(lower[rel] ?? "") && rel >= i - 3) {
      if (SAYING.has(t.lemma) && !OPPOSING.has(t.lemma) && lower[i + 1] === "that" && (QUANTIFIERS.test(lower[rel - 1] ?? "") || OBJECTORS.test(lower[rel - 1] ?? ""))) return "claim";
      continue;
    }
    // "the measures proposed": a participle after its noun describes the noun.
    if (tokens[i - 1]?.pos === "NOUN" && t.lower.endsWith("ed") && t.lower !== t.lemma) continue;
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

/**
 * How many tokens a speaker's label takes at the start of a sentence: "RR:", "Jesse Taggert:",
 * "Q:" (one to three capitalised words, then a colon). A labelled claim ("Myth:", "Objection:") keeps its label.
 */
export function speakerLabel(ts: Token[]): number {
  for (let k = 1; k <= 3 && k < ts.length - 1; k++) {
    if (ts[k]!.word !== ":") continue;
    const names = ts.slice(0, k);
    if (names.every((t) => /^\p{Lu}/u.test(t.word) && /^(?:PROPN|NOUN|X|ADJ)$/.test(t.pos)) && !OBJECTION_NOUN.test(names[0]!.lower) && !/^(?:claim|myth|fact|note|recommendation|step|tip)$/i.test(names[0]!.word)) return k + 1;
    return 0;
  }
  return 0;
}

/** Adjectives and nouns of cost and difficulty that a concession grants. */
const DIFFICULTY = /^(?:difficult|difficulty|difficulties|hard|costly|cost|costs|burden|burdens|burthen|burthens|burdensome|risk|risks|risky|danger|dangers|dangerous|unpopular|painful|agreeable|easy|inconvenience|inconveniences|objectionable)$/;

/**
 * "Although an effectual remedy may be attended with difficulty, ...", "Though new taxes can not be
 * agreeable, ...", "I am sensible it can not be formed so speedily ...": the author grants a cost,
 * a difficulty or a limit (in a concessive clause, or as what the author is aware of).
 */
function concedesDifficulty(ts: Token[]): boolean {
  let k = 0;
  while (k < ts.length && /^(?:but|and|yet|so|now)$/.test(ts[k]!.lower)) k++;
  if (/^(?:although|though)$/.test(ts[k]?.lower ?? "") || (ts[k]?.lower === "even" && ts[k + 1]?.lower === "though")) {
    const end = ts.findIndex((t, i) => i > k && (t.word === "," || t.word === ";"));
    const clause = ts.slice(k + 1, end < 0 ? ts.length : end);
    const negatedEase = clause.some((t) => /^(?:agreeable|easy|popular)$/.test(t.lower) && t.negated);
    if (clause.some((t) => DIFFICULTY.test(t.lower) && !/^(?:agreeable|easy)$/.test(t.lower)) || negatedEase) return true;
  }
  // "I know that the idea is not going to be popular", "we understand how hard this will be": the
  // author grants a cost or a resistance in what the author knows.
  for (let i = 0; i + 2 < ts.length; i++) {
    if (!/^(?:i|we)$/.test(ts[i]!.lower)) continue;
    // "I know", "I clearly recognize": an adverb may stand between.
    const v = ts[i + 1]?.pos === "ADV" ? i + 2 : i + 1;
    if (!(/^(?:know|understand|realize|realise|recognize|recognise|appreciate|admit|grant|acknowledge|concede)$/.test(ts[v]?.lemma ?? "") && ts[v]!.lower === ts[v]!.lemma && !ts[v]!.negated)) continue;
    const rest = ts.slice(v + 1, v + 29);
    // An adjective that judges the undertaking ("difficult", "not popular"), not a noun naming the problem ("rising costs").
    if (rest.some((t) => /^(?:difficult|hard|costly|risky|dangerous|unpopular|painful|burdensome|formidable|daunting)$/.test(t.lower) || (/^(?:popular|easy|simple|welcome|agreeable)$/.test(t.lower) && t.negated))) return true;
    // What the author recognizes or admits of the course itself: "defensive systems have limitations".
    if (/^(?:recognize|recognise|admit|grant|acknowledge|concede)$/.test(ts[v]!.lemma) && rest.some((t) => t.pos === "NOUN" && /^(?:limitations?|risks?|drawbacks?|downsides?|problems?|dangers?|difficulties|costs?|shortcomings?|weaknesses|uncertaint(?:y|ies))$/.test(t.lower))) return true;
  }
  // "we must admit that there is risk in any course", "I grant that the cost is great": what the
  // author admits is a risk or a cost of the course taken (with or without a modal before the verb).
  for (let i = 0; i + 2 < ts.length; i++) {
    if (!/^(?:i|we)$/.test(ts[i]!.lower)) continue;
    let v = i + 1;
    while (ts[v] && ts[v]!.pos === "AUX" && !ts[v]!.negated) v++;
    if (!/^(?:admit|concede|grant|acknowledge)$/.test(ts[v]?.lemma ?? "") || ts[v]!.negated) continue;
    if (ts.slice(v + 1, v + 16).some((t) => DIFFICULTY.test(t.lower) && !/^(?:agreeable|easy)$/.test(t.lower))) return true;
  }
  // "I am sensible (that) it can not be formed so speedily": the author aware of a limit.
  // "I am fully aware of the broad implications involved if ...": of what the course may bring.
  for (let i = 0; i + 3 < ts.length; i++) {
    const adj = ts[i + 2]?.pos === "ADV" ? i + 3 : i + 2;
    if (!(/^(?:i|we)$/.test(ts[i]!.lower) && ts[i + 1]!.lemma === "be" && /^(?:sensible|aware|conscious|mindful)$/.test(ts[adj]?.lower ?? ""))) continue;
    const rest = ts.slice(adj + 1, adj + 12);
    return rest.some((t) => (t.pos === "AUX" && t.negated) || DIFFICULTY.test(t.lower) || /^(?:implications|consequences|dangers|risks|costs|difficulties)$/.test(t.lower));
  }
  return false;
}

/** Rhetorical question that the author answers in the next sentence ("... shouldn't they be included? ... Not at all."). */
export function answeredQuestion(doc: Document, a: Analysis, i: number): boolean {
  const s = doc.sentences[i]!;
  const ts = a.tokens[i]!;
  if (ts.at(-1)?.word !== "?" || ts.length < 5 || doc.blocks[s.block]!.kind === "list-item") return false;
  // In a run of questions the first voices the doubt; the rest press it.
  const before = doc.sentences[i - 1];
  if (before && before.block >= s.block - 1 && a.tokens[i - 1]!.at(-1)?.word === "?") return false;
  const from = clauseStart(ts);
  // "Why must we take this painful road? Why must this Nation hazard its ease ...? We fight because
  // ...": a why-question, perhaps in a run of them, that the author answers with its reason.
  if (ts[from]?.lower === "why" && !(ts[from + 1]?.lower === "not" && ts.length < 6)) {
    for (let j = i + 1; j <= i + 3 && j < doc.sentences.length; j++) {
      const words = a.tokens[j]!;
      if (words.some((t) => t.lower === "because")) return true;
      if (words.at(-1)?.word !== "?") break;
    }
  }
  // "Why don't we assist ...?", "Why can't we take other steps ...?": a course the critics urge, which
  // the author answers, in the next paragraph as often as in this one.
  const opensNegated = (k: number) => ts[k]?.pos === "AUX" && ts[k]!.negated && /^(?:n't|not)$/.test(ts[k + 1]?.lower ?? "") && ts[k + 2]?.lower !== "it";
  if (ts[from]?.lower === "why" && opensNegated(from + 1) && doc.sentences[i + 1]) return true;
  const next = doc.sentences[i + 1];
  // The answer follows in the same paragraph, or under the question when it stands alone.
  const alone = (a.blockSentences[s.block]?.length ?? 0) === 1 && doc.blocks[s.block + 1]?.kind === "text";
  if (!next || (next.block !== s.block && !(alone && next.block === s.block + 1))) return false;
  // A question the author asks the audience about the proposals is not an objection; a doubt is:
  // a negated modal question ("shouldn't they be included?", "can't we afford ...?").
  // The negated modal opens the question itself, at its start or after a comma ("..., so shouldn't
  // they ...?"), not a conditional inside it ("What will it profit us if we are not to have ...?").
  // Not "Wouldn't it be better to ...?", "Isn't it worth ...?": with "it" as its subject the question
  // is the author's own rhetoric, affirming.
  if (opensNegated(from) || ts.some((t, k) => t.word === "," && (opensNegated(k + 1) || (ts[k + 1]?.lower === "so" && opensNegated(k + 2))))) return true;
  const answer = a.tokens[i + 1]!;
  // "Why was the age fixed at seventy? Because ...": a challenge to a choice, answered with its reason.
  if (ts[from]?.lower === "why" && answer[0]?.lower === "because") return true;
  // "Is it a dangerous precedent ...? The Congress has always had that power.": a yes-no question
  // that names a risk or a cost (not a what-question that only asks the audience), then the answer.
  return ts[from]?.pos === "AUX" && ts.some((t) => DIFFICULTY.test(t.lower) && !/^(?:agreeable|easy)$/.test(t.lower));
}

/** Verbs with which a party grants GAO's point: "HHS acknowledged that additional guidance is necessary". */
const GRANTING = new Set(["acknowledge", "agree", "concede", "concur", "recommend", "propose", "find", "conclude"]);
/** Verbs with which a party that disagreed goes on to give its reasons: "Education asserted that", "HHS also highlighted ...". */
const REASONING = new Set([...SAYING, "describe", "highlight", "cite", "point", "emphasize", "emphasise", "stress", "mention", "indicate", "reiterate", "add"].filter((v) => !GRANTING.has(v)));

/**
 * A party that did not concur (an agency in a report's comments section) gives its reasons in the
 * sentences that follow: "Education said it did not concur ... Education asserted that the metrics
 * do not ... Further, Education said that it uses ...". Those sentences, up to the next heading and
 * within a few paragraphs, with the same party as the subject of a verb of saying, are its claims.
 */
function continuedDissent(doc: Document, a: Analysis, kinds: Kind[]): void {
  let party: string | null = null;
  let until = -1;
  doc.sentences.forEach((s, i) => {
    const ts = a.tokens[i]!;
    if (doc.blocks[s.block]!.kind === "heading") {
      party = null;
      return;
    }
    if (party && s.block <= until && kinds[i] === null) {
      const at = ts.findIndex((t, k) => t.pos === "VERB" && REASONING.has(t.lemma) && !t.negated && t.lower !== t.lemma && ts.slice(Math.max(0, k - 4), k).some((x) => x.lower === party));
      if (at >= 0 && !ts.slice(0, at).some((x) => isAuthor(x))) kinds[i] = "claim";
    }
    const dissent = ts.findIndex((t) => (t.lemma === "concur" || t.lemma === "agree") && t.negated);
    if (dissent < 0 && !ts.some((t) => t.lemma === "disagree" && t.pos === "VERB")) return;
    const named = ts.slice(0, dissent < 0 ? ts.length : dissent).find((x) => x.pos === "PROPN");
    if (!named || ts.slice(0, dissent < 0 ? ts.length : dissent).some((x) => isAuthor(x))) return;
    party = named.lower;
    until = s.block + 4;
  });
}

/** A sentence that may report an objection, with the sentence that set its scene, if any, before it. */
export interface ObjectionUnit {
  si: number;
  block: number;
  /** From the scene sentence, if one leads into the claim; else from the sentence. */
  start: number;
  end: number;
  /** Its grammar says: a claim attributed to objectors, a scene that only names them, or neither. */
  kind: Kind;
  /** The sentence that introduced the objectors, earlier in the paragraph (kept for placement). */
  frame: number;
  /** The scene sentence this unit starts with, or -1. */
  scene: number;
}

/**
 * Every sentence outside headings is a unit. A sentence that only sets the scene ("those in Japan
 * who oppose ... take issue with trust") joins the claim that follows within two sentences in its
 * paragraph: the two are one unit, whose claim is the second. Standing alone, a scene is a unit of
 * its own, which the scorer rarely takes.
 */
export function objectionUnits(doc: Document, a: Analysis): ObjectionUnit[] {
  const kinds = a.tokens.map((ts) => objectionKind(ts));
  continuedDissent(doc, a, kinds);
  // A question of doubt the author goes on to answer voices the objection itself: it is a claim, as
  // an attributed one is ("Is it a dangerous precedent ...? The Congress has always had that power.").
  kinds.forEach((k, i) => {
    if (k === null && answeredQuestion(doc, a, i)) kinds[i] = "claim";
  });
  const out: ObjectionUnit[] = [];
  let frame = -1;
  let pendingScene = -1;
  doc.sentences.forEach((s, i) => {
    // A heading is no objection, unless it is a question of doubt the text under it answers (a
    // one-line question in a speech reads as a heading: "Why must we take this painful road?").
    if (doc.blocks[s.block]!.kind === "heading" && !(kinds[i] === "claim" && a.tokens[i]!.at(-1)?.word === "?")) return;
    if (frame >= 0 && doc.sentences[frame]!.block !== s.block) frame = -1;
    if (pendingScene >= 0 && (doc.sentences[pendingScene]!.block !== s.block || pendingScene < i - 2)) {
      // The scene found no claim: it stands as a unit of its own.
      out.push({ si: pendingScene, block: doc.sentences[pendingScene]!.block, start: doc.sentences[pendingScene]!.start, end: doc.sentences[pendingScene]!.end, kind: "scene", frame: -1, scene: -1 });
      pendingScene = -1;
    }
    const kind = kinds[i]!;
    if (kind === "scene") {
      if (pendingScene >= 0) out.push({ si: pendingScene, block: s.block, start: doc.sentences[pendingScene]!.start, end: doc.sentences[pendingScene]!.end, kind: "scene", frame: -1, scene: -1 });
      pendingScene = i;
      frame = i;
      return;
    }
    const scene = kind === "claim" && pendingScene >= 0 ? pendingScene : -1;
    if (pendingScene >= 0 && scene < 0) {
      // A sentence in between that is not the claim: keep waiting (up to two sentences).
      out.push({ si: i, block: s.block, start: s.start, end: s.end, kind, frame, scene: -1 });
      return;
    }
    pendingScene = -1;
    out.push({ si: i, block: s.block, start: scene >= 0 ? doc.sentences[scene]!.start : s.start, end: s.end, kind, frame, scene });
  });
  if (pendingScene >= 0) {
    const s = doc.sentences[pendingScene]!;
    out.push({ si: pendingScene, block: s.block, start: s.start, end: s.end, kind: "scene", frame: -1, scene: -1 });
  }
  return out.sort((x, y) => x.start - y.start || x.si - y.si);
}

/**
 * The objections the document reports: claims attributed to critics, opponents, "some", an agency
 * that disagrees; concessions ("It is true that ..."); questions of doubt the author answers. Each
 * unit is scored by a logistic regression over the grammar of attribution and stance
 * (objection-features.ts); the claim is posted, the scene that introduced the objectors is kept
 * with it in the passage.
 */
export function findObjections(doc: Document, a: Analysis = analyse(doc), model: Model = WEIGHTS.objections): FoundObjection[] {
  const units = objectionUnits(doc, a);
  const { names, rows } = objectionEvidence(doc, a, units);
  const m = aligned(model, names);
  const out: FoundObjection[] = [];
  units.forEach((u, k) => {
    if (probability(m, rows[k]!) < m.threshold || summarisedLater(doc, a, u.si)) return;
    const s = doc.sentences[u.si]!;
    const claim = norm(s.text);
    const about = u.frame >= 0 && u.frame !== u.si ? `${norm(doc.sentences[u.frame]!.text)} ${claim}` : claim;
    out.push({ text: norm(doc.text.slice(u.start, u.end)), start: u.start, end: u.end, claim, about });
  });
  return out;
}

/** Headings of a summary that opens a report: what it says is said again, in full, in the body. */
const SUMMARY_HEADING = /^(?:highlights|(?:executive )?summary|abstract|in brief|at a glance|key (?:findings|points|takeaways)|what \w+ (?:found|recommends))$/i;

/**
 * An objection in a report's opening summary ("HHS did not concur with the recommendation.") that a
 * sentence after the summary states again ("HHS did not concur with our recommendation that ACF
 * clarify ..."): the body's statement is the objection; the summary's is its preview.
 */
function summarisedLater(doc: Document, a: Analysis, si: number): boolean {
  const block = doc.sentences[si]!.block;
  const heading = lastHeadingBefore(doc, block);
  if (heading < 0 || !SUMMARY_HEADING.test(norm(doc.blocks[heading]!.text).replace(/[:.]$/, ""))) return false;
  const words = a.words[si]!;
  if (words.size < 2) return false;
  // The body starts at the first heading after the summary's that is not itself a summary heading.
  let body = heading + 1;
  while (body < doc.blocks.length && !(doc.blocks[body]!.kind === "heading" && !SUMMARY_HEADING.test(norm(doc.blocks[body]!.text).replace(/[:.]$/, "")))) body++;
  for (let j = si + 1; j < doc.sentences.length; j++) {
    if (doc.sentences[j]!.block <= body) continue;
    // A summary sentence often joins two of the body's ("X disagreed, stating that it uses other
    // methods"), and drops their detail: half its content words, in two adjacent sentences, suffice.
    const here = a.words[j]!;
    const next = doc.sentences[j + 1]?.block === doc.sentences[j]!.block ? a.words[j + 1]! : undefined;
    let shared = 0;
    for (const w of words) if (here.has(w) || next?.has(w)) shared++;
    if (shared >= 0.5 * words.size) return true;
  }
  return false;
}
