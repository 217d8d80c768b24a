import type { Token } from "./nlp.ts";

/**
 * What a sentence does, read from its grammar rather than from a document's own words: the
 * closed classes below (modal verbs, performative verbs, verbs of saying, deontic adjectives)
 * are the grammar of recommending and reporting in English, not vocabulary of any one text.
 */

/** Verbs that perform a recommendation when the author says them ("I recommend", "we urge"). */
const PERFORMATIVE = new Set(["recommend", "urge", "propose", "suggest", "request", "advise", "renew", "favor", "favour", "entreat", "commend", "commit", "direct", "instruct"]);
/** The body a future proposal is announced to: "I will ask the Congress to", "we will propose to the Senate". */
const PROPOSING_TO = /^(?:(?:to )?the (?:congress|senate|house|legislature|parliament|assembly|council|board|commission)|congress|parliament)\b/;
/** Verbs of asking another to act, performative with the author as subject when an act follows ("I implore you to"). */
const ASKING = new Set(["ask", "implore", "exhort", "beseech"]);
/** Verbs that take another verb's infinitive and leave the act the subject's own: "I have come to favor", "I wish to urge". */
const CATENATIVE = new Set(["come", "wish", "want", "like", "desire", "venture", "beg", "hasten", "wish", "feel"]);
/** Nouns that name a proposal: "my advice that ...", "I renew the recommendation". */
const PROPOSAL_NOUNS = new Set(["recommendation", "advice", "suggestion", "proposal", "request", "proposition"]);
/** Verbs of saying and thinking: with a third party as subject they report, not propose. */
export const SAYING = new Set([
  "say", "tell", "state", "argue", "claim", "contend", "assert", "insist", "maintain", "believe", "think", "feel", "note", "report",
  "write", "explain", "suggest", "recommend", "propose", "urge", "warn", "fear", "worry", "complain", "charge", "allege", "hold",
  "object", "doubt", "question", "criticise", "criticize", "call", "predict", "expect", "add", "respond", "reply", "find", "conclude", "acknowledge", "concede", "agree", "disagree", "concur", "oppose", "wonder", "ask", "hear",
  "express", "declare", "advance", "contend", "advise", "recommend", "talk", "intimate", "point", "imply", "insinuate", "hint", "assume", "presume", "imagine", "pretend",
]);
/** Modal verbs of obligation; "shall" only with the author as subject (elsewhere it is legal drafting). */
const DEONTIC_MODALS = new Set(["should", "must", "ought", "need"]);
/** Adjectives and nouns of necessity: "it is necessary to", "the necessity of", "it is time that". */
const NECESSITY = new Set(["necessary", "important", "essential", "imperative", "vital", "crucial", "critical", "advisable", "desirable", "urgent", "needed", "required", "time", "duty", "purpose", "helpful", "wise", "best"]);
/** Verbs that announce the document's own next step ("we will send copies", "I will discuss"). */
const REPORTING_ACTS = new Set(["send", "discuss", "describe", "present", "testify", "summarize", "summarise", "outline", "review", "examine", "explain", "turn", "talk", "highlight", "report", "tell", "show", "say", "mention", "list", "look", "return"]);

export type ProposalKind = "performative" | "imperative" | "deontic" | "commitment";

export interface Reading {
  /** How the sentence proposes, if it does. */
  kind: ProposalKind | null;
  /** Who is to act: the author ("I", "we"), the reader ("you"), or another party named as subject. */
  agent: "author" | "reader" | "other" | null;
  /** The author's own voice frames it: "I think", "in my opinion", "it seems to me". */
  authorial: boolean;
  /** Someone else's words: "Treasury told us that agencies should ...". */
  reported: boolean;
  /** Its main verb is in the past tense without a modal: a narration, not a proposal. */
  past: boolean;
  question: boolean;
  /** The proposal itself is negated ("we do not recommend"); "should not" proposes abstaining and stays. */
  negated: boolean;
  /** Index of the token where the proposing verb phrase starts (the modal, the verb, the performative). */
  at: number;
  /** For a commitment, the verb of its purpose clause ("work with both parties to pass"). */
  purposeAt?: number;
}

const SUBJECT_POS = new Set(["PRON", "NOUN", "PROPN", "DET", "NUM"]);
const FIRST_PERSON = new Set(["i", "we"]);

function isFirstPerson(t: Token | undefined): boolean {
  return !!t && t.pos === "PRON" && FIRST_PERSON.has(t.lower);
}

/** Index of the clause's subject before `at`: the nearest noun or pronoun not inside a preposition's object. */
function subjectBefore(tokens: Token[], at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.pos === "PUNCT" && /[;:]/.test(t.word)) return -1;
    if (t.pos === "SCONJ" || (t.pos === "PRON" && /^(?:which|who|that)$/.test(t.lower) && i === at - 1)) return -1;
    if (SUBJECT_POS.has(t.pos) && t.pos !== "DET") {
      // "the law should": skip back over a noun phrase's head to find whether a preposition governs it.
      return i;
    }
  }
  return -1;
}

function agentOf(tokens: Token[], at: number): Reading["agent"] {
  const s = subjectBefore(tokens, at);
  if (s < 0) return null;
  const t = tokens[s]!;
  if (isFirstPerson(t) || t.lower === "us") return "author";
  if (t.lower === "you") return "reader";
  return "other";
}

/**
 * A verb of saying or thinking before `at` whose subject is not the author: the clause at `at`
 * is then someone else's view ("Treasury told us that it did not believe agencies should ...").
 */
function reportedBefore(tokens: Token[], at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.pos !== "VERB" || !SAYING.has(t.lemma)) continue;
    const subj = subjectBefore(tokens, i);
    if (subj >= 0 && (isFirstPerson(tokens[subj]) || tokens[subj]!.lower === "us")) continue;
    // "It has been suggested that ...", "it is urged that ...": an impersonal passive reports.
    const passive = i > 0 && tokens[i - 1]!.pos === "AUX" && tokens[i - 1]!.lemma === "be";
    if (passive && tokens[i + 1]?.lower === "that" && tokens.slice(Math.max(0, i - 4), i).some((x) => x.lower === "it")) return true;
    // "According to X, ..." and "X said ..." report; a participle ("the reasons stated") does not.
    if (t.lower.endsWith("ing") || passive) continue;
    return true;
  }
  for (let i = 0; i < at; i++) {
    const t = tokens[i]!;
    if (t.lower === "according" && tokens[i + 1]?.lower === "to" && !isFirstPerson(tokens[i + 2]) && tokens[i + 2]?.lower !== "my" && tokens[i + 2]?.lower !== "our") return true;
    // "the belief that ...", "the claim is advanced ... that ...": a view named by its noun, not the author's.
    if (t.pos === "NOUN" && REPORT_NOUNS.has(t.lemma) && !/^(?:my|our)$/.test(tokens[i - 1]?.lower ?? "") && tokens.slice(i + 1, Math.min(at, i + 12)).some((x) => x.lower === "that")) return true;
  }
  return false;
}

/** Nouns that name someone's view, whose "that"-clause is that view: "the belief that", "the suggestion that". */
const REPORT_NOUNS = new Set(["belief", "claim", "view", "suggestion", "argument", "contention", "idea", "opinion", "assertion", "position", "demand", "complaint", "proposal", "recommendation"]);

/** Whether a verb token is a finite past form: "strengthened", "met", "was", not "has met" or "to meet". */
function isPastForm(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  if (t.pos !== "VERB" && t.pos !== "AUX") return false;
  if (t.pos === "AUX") return t.lower === "was" || t.lower === "were" || t.lower === "did" || t.lower === "had";
  if (t.lower === t.lemma || t.lower.endsWith("ing") || /s$/.test(t.lower) && !/ss$/.test(t.lower)) return false;
  const prev = tokens[i - 1];
  // After an auxiliary or "to" it is a participle or an infinitive, not a finite past.
  if (prev && (prev.pos === "AUX" || prev.pos === "PART")) return false;
  return true;
}

/** The main verb's tense: the first finite verb after the subject decides. */
function mainVerbIsPast(tokens: Token[], from: number): boolean {
  let seenSubject = false;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.pos === "SCONJ" || t.pos === "ADP") {
      // Skip an opening adverbial clause or phrase up to its comma ("In 2019, we ...", "As they did, ...").
      if (!seenSubject) {
        const comma = tokens.findIndex((x, k) => k > i && x.word === ",");
        if (comma > i && comma - i < 14) {
          i = comma;
          continue;
        }
      }
    }
    // "Prior to discontinuing these assessments, FSA assessed ...": a non-finite verb of an opening
    // phrase is not the main verb.
    if (!seenSubject && t.pos === "VERB" && (t.lower.endsWith("ing") || tokens[i - 1]?.lower === "to")) continue;
    if (SUBJECT_POS.has(t.pos)) seenSubject = true;
    if (t.pos === "VERB" || t.pos === "AUX") return seenSubject && isPastForm(tokens, i);
  }
  return false;
}

/** The first token after an opening ordinal, label or discourse marker ("First,", "Step 2:", "And,"). */
export function clauseStart(tokens: Token[]): number {
  let i = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!t) return i;
    if ((t.pos === "CCONJ" || t.pos === "ADV" || t.pos === "ADJ" || t.pos === "NOUN" || t.pos === "PROPN" || t.pos === "NUM" || t.pos === "INTJ") && next && /^[,:;.—–-]$/.test(next.word) && i + 2 < tokens.length) {
      i += 2;
      continue;
    }
    if (t.pos === "CCONJ") {
      i += 1;
      continue;
    }
    break;
  }
  return i;
}

/** "I therefore deem it my duty to recommend", "I feel called upon ... to revive": the author bound to the act at `i`. */
function dutyFrame(tokens: Token[], i: number): boolean {
  const frame = tokens.slice(Math.max(0, i - 12), i);
  const k = frame.findIndex((x) => authorWord(x));
  return k >= 0 && frame.slice(k).some((x) => x.lower === "duty" || x.lower === "bound" || (x.lower === "called" && frame.some((y) => y.lower === "upon")));
}

/** The author named as a person ("I", "we") or as an owner ("my duty", "our duty"). */
function authorWord(t: Token | undefined): boolean {
  return isFirstPerson(t) || (!!t && /^(?:my|our)$/.test(t.lower));
}

/** Nouns of time that open a clause without being modified by it ("Today I recommend", "This year we will"). */
const TIME_NOUNS = /^(?:today|tonight|now|year|years|time|morning|evening|week|month|session|day|days|moment|occasion)$/;

/**
 * The first-person subject at `j` opens a relative clause without "that" ("the program I am
 * recommending is ...", "the measures we propose are ..."): a noun stands right before it and a
 * finite verb of the sentence's own follows the clause.
 */
function reducedRelative(tokens: Token[], j: number): boolean {
  const noun = tokens[j - 1];
  if (!noun || (noun.pos !== "NOUN" && noun.pos !== "PROPN") || TIME_NOUNS.test(noun.lower)) return false;
  let verbs = 0;
  for (let k = j + 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    // A subordinate clause's verb ("as soon as it is underway") is not the sentence's own.
    if ((t.pos === "PUNCT" && t.word !== "-") || t.pos === "SCONJ") return false;
    if (t.pos === "VERB" || t.pos === "AUX") {
      verbs++;
      // "I am recommending is": after the clause's verb group, another finite verb is the sentence's.
      if (verbs > 1 && t.pos === "AUX" && /^(?:is|are|was|were|will|would|has|have)$/.test(t.lower) && tokens[k - 1]!.pos !== "AUX") return true;
    }
  }
  return false;
}

/** Whether token `i` stands inside an "if"/"unless"/"whether" clause: after the conjunction, before the comma that closes it. */
function insideCondition(tokens: Token[], i: number): boolean {
  let verbSince = false;
  for (let j = i - 1; j >= 0; j--) {
    const x = tokens[j]!;
    if (x.word === "," || x.word === ";" || x.word === "—") return false;
    // "if we are to secure X we must Y": a condition with a verb of its own, then a new subject.
    if (x.lower === "if" || x.lower === "unless" || x.lower === "whether") return !(verbSince && tokens[i - 1]?.pos === "PRON" && j < i - 3);
    if (j < i - 1 && (x.pos === "VERB" || x.pos === "AUX")) verbSince = true;
  }
  return false;
}

/**
 * "it appears (to me) necessary", "it seems essential", "I think it (highly) necessary", "we deem it
 * advisable": the adjective of necessity is the complement of a verb of seeming, or of judging
 * with "it" as its object.
 */
function judgedNecessary(tokens: Token[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && tokens[k]!.pos === "ADV") k--;
  if (tokens[k]?.lower === "me" && tokens[k - 1]?.lower === "to") k -= 2;
  const v = tokens[k];
  if (v && /^(?:seem|appear|become)$/.test(v.lemma) && tokens[k - 1]?.lower === "it") return true;
  return !!v && v.lower === "it" && /^(?:think|deem|consider|judge|hold|believe|find)$/.test(tokens[k - 1]?.lemma ?? "") && isFirstPerson(tokens[k - 2]);
}

/** Nouns that name a proposal put before a legislature: "I will send to Congress a law ...". */
const PROPOSAL_OBJECTS = /^(?:law|bill|legislation|proposal|plan|amendment|resolution|budget|program|programme|measure|treaty)s?$/;

/**
 * "I will send to Congress a law designed to ...", "we will submit a bill", "put forward a
 * resolution": a verb of transmitting whose object is a proposal is the act of proposing it (a
 * report's "we will send copies" is not).
 */
export function transmitsProposal(ts: Token[], at: number): boolean {
  const v = ts[at];
  if (!v) return false;
  let from = at + 1;
  if (v.lemma === "put" && ts[at + 1]?.lower === "forward") from = at + 2;
  else if (!/^(?:send|submit|transmit|present|introduce|offer|propose)$/.test(v.lemma)) return false;
  for (let k = from; k < ts.length && k <= from + 6; k++) {
    const t = ts[k]!;
    if (t.pos === "PUNCT" || t.pos === "VERB") return false;
    if (t.pos === "NOUN" && PROPOSAL_OBJECTS.test(t.lower) && ts[k - 1]?.pos !== "ADP") return true;
  }
  return false;
}

/**
 * From `from`, a subject and a verb in the bare (subjunctive) form: "an agency focus", "the
 * Secretary report", "he be". Only a singular subject shows the mood; "agencies focus" could be
 * the indicative, and is not counted.
 */
function mandativeSubjunctive(tokens: Token[], from: number): boolean {
  let k = from;
  let head: Token | undefined;
  while (k < tokens.length && k < from + 6 && /^(?:DET|ADJ|NOUN|PROPN|PRON|NUM)$/.test(tokens[k]!.pos)) head = tokens[k++];
  const v = tokens[k];
  if (!head || !v || v.pos !== "VERB" || v.lower !== v.lemma) return false;
  const singular = (head.pos === "NOUN" && head.lower === head.lemma && !head.lower.endsWith("s")) || head.pos === "PROPN" || /^(?:he|she|it)$/.test(head.lower);
  return singular || v.lower === "be";
}

/** Reads what a sentence does. `imperative` says whether its clause opens with a base-form verb. */
export function readSentence(tokens: Token[], imperative = false): Reading {
  const reading: Reading = { kind: null, agent: null, authorial: false, reported: false, past: false, question: false, negated: false, at: -1 };
  if (!tokens.length) return reading;
  reading.question = tokens.at(-1)!.word === "?" || tokens.at(-2)?.word === "?";
  const from = clauseStart(tokens);
  reading.authorial = tokens.some((t, i) => (t.lower === "my" && (tokens[i + 1]?.lower === "opinion" || tokens[i + 1]?.lower === "judgment" || tokens[i + 1]?.lower === "view")) || (isFirstPerson(t) && /^(?:think|believe|feel|trust|hope|see|deem|consider|know)$/.test(tokens[i + 1]?.lemma ?? "")) || (t.lower === "seems" && tokens[i + 1]?.lower === "to" && tokens[i + 2]?.lower === "me"));

  // "I recommend", "we therefore urge", "I am asking the Congress to", "May I not urge ...?"
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Verbs of asking someone to act: "I ask the Congress to", "I call upon", "I appeal to the owners
    // of plants ... to put every ounce of effort", "I implore you to".
    const askLike = ASKING.has(t.lemma) || (t.lemma === "call" && /^(?:on|upon|for)$/.test(tokens[i + 1]?.lower ?? "")) || (t.lemma === "appeal" && tokens[i + 1]?.lower === "to");
    if (!(t.pos === "VERB" && (PERFORMATIVE.has(t.lemma) || askLike))) continue;
    let j = i - 1;
    for (;;) {
      // "I (therefore) recommend", "I have now come to favor", "I would like to propose".
      while (j >= 0 && (tokens[j]!.pos === "ADV" || tokens[j]!.pos === "AUX" || tokens[j]!.pos === "PART" || tokens[j]!.word === "," || /^(?:today|tonight|now|hereby|again|also)$/.test(tokens[j]!.lower) || (CATENATIVE.has(tokens[j]!.lemma) && tokens[j + 1]?.lower === "to"))) j--;
      // "I have, after consultation with the leaders of both parties, favored ...": skip an aside between commas.
      if (tokens[j + 1]?.word === "," && j >= 0 && !isFirstPerson(tokens[j])) {
        let k = j;
        while (k >= 0 && k > j - 15 && tokens[k]!.word !== ",") k--;
        if (k >= 0 && tokens[k]!.word === "," && k < j) {
          j = k - 1;
          continue;
        }
      }
      break;
    }
    // "I therefore deem it my duty to recommend", "I feel called upon ... to revive the recommendation".
    if (!isFirstPerson(tokens[j])) {
      if (!dutyFrame(tokens, i)) continue;
      j = Math.max(0, i - 12) + tokens.slice(Math.max(0, i - 12), i).findIndex((x) => authorWord(x));
    }
    // "the program I am recommending is a civil rights program": a relative clause without "that"
    // after its noun describes the noun; the sentence's own verb comes later.
    if (isFirstPerson(tokens[j]) && reducedRelative(tokens, j)) continue;
    // "The assistance that I am recommending amounts to ...", "the defects to which I desire to direct
    // attention": a relative clause describes its noun; the sentence's own verb is elsewhere.
    if (/^(?:that|which|whom)$/.test(tokens[j - 1]?.lower ?? "") && (/^(?:NOUN|PROPN)$/.test(tokens[j - 2]?.pos ?? "") || tokens[j - 2]?.pos === "ADP")) continue;
    // "I direct attention to ...": pointing at a subject, not ordering an act.
    if (t.lemma === "direct" && tokens.slice(i + 1, i + 4).some((x) => x.lower === "attention")) continue;
    // "the federal charter I suggest.": a relative clause with nothing after the verb names a thing, it proposes nothing.
    if (/^[.,;!?]$/.test(tokens[i + 1]?.word ?? ".") && (tokens[j - 1]?.pos === "NOUN" || tokens[j - 1]?.pos === "PROPN")) continue;
    const between = tokens.slice(j + 1, i);
    // "We must call upon ...", "we'll ask you to ...": an obligation or a future act, not this act of
    // recommending; but "I will ask the Congress to join in ...", a proposal announced to go to a
    // body other than the hearer, is one.
    const announced = between.every((x) => x.pos !== "AUX" || /^(?:will|'ll|shall)$/.test(x.lower)) && tokens[i + 1]?.lower !== "you" && PROPOSING_TO.test(tokens.slice(i + 1, i + 4).map((x) => x.lower).join(" "));
    if (!announced && between.some((x) => x.pos === "AUX" && /^(?:must|should|can|could|may|might|will|'ll|shall)$/.test(x.lower))) continue;
    const negated = between.some((x) => x.lower === "not" || x.lower === "n't" || x.lower === "never");
    // "May I not urge ...?" is a request in the form of a question.
    const politeQuestion = reading.question && j > 0 && (tokens[j - 1]!.pos === "AUX" || /^(?:may|might|can|could|shall|will)$/.test(tokens[j - 1]!.lower)) && negated;
    if (negated && !politeQuestion) {
      reading.negated = true;
      continue;
    }
    // "ask" proposes only when it asks someone to act: "I ask the Congress to", "I am asking you to";
    // an appeal to a party names what it is to do after the party ("appeal to the workers to put ...").
    if (askLike && t.lemma !== "call" && !tokens.slice(i + 1, i + (t.lemma === "appeal" ? 30 : 8)).some((x, k) => (x.lower === "to" && (t.lemma !== "appeal" || k > 0)) || x.lower === "that")) continue;
    // "I call upon the Congress to act", not "I call upon our people with absolute confidence that ...".
    // (The party may be described at length: "I call upon the scientific community in our country,
    // those who gave us nuclear weapons, to turn their great talents ...".)
    if (t.lemma === "call" && tokens[i + 1]?.lower !== "for" && !tokens.slice(i + 2, i + 22).some((x, k, xs) => x.lower === "to" && xs[k + 1]?.pos === "VERB")) continue;
    // "I commend it to your consideration" proposes; "We commend FDA's proactive attention" praises.
    if (t.lemma === "commend") {
      const to = tokens.findIndex((x, k) => k > i && k <= i + 10 && x.lower === "to");
      // What is commended is someone's doing ("the Board's attention", "their efforts"): praise.
      if (to < 0 || tokens.slice(i + 1, to).some((x) => /^(?:his|her|their|its|['’]s)$/.test(x.lower))) continue;
    }
    // "I would ask no one to defend ...": the act is asked of nobody.
    if (/^(?:no|nobody|none|neither)$/.test(tokens[i + 1]?.lower ?? "")) {
      reading.negated = true;
      continue;
    }
    return { ...reading, kind: "performative", agent: "author", at: i, question: reading.question && !politeQuestion, reported: false };
  }
  // "I present the subject to your consideration", "I submit to the Congress for its consideration":
  // laying a matter before the reader for decision is recommending it.
  for (let i = 1; i < tokens.length - 2; i++) {
    const t = tokens[i]!;
    if (!(t.pos === "VERB" && /^(?:present|submit|commend|lay|bring)$/.test(t.lemma) && t.lower === t.lemma)) continue;
    const after = tokens.slice(i + 1, i + 10);
    const k = after.findIndex((x) => /^(?:consideration|attention)$/.test(x.lower));
    if (k < 1 || !/^(?:your|the|its|their)$/.test(after[k - 1]!.lower) || !after.slice(0, k).some((x) => x.lower === "to" || x.lower === "for")) continue;
    const own = isFirstPerson(tokens[i - 1]) || (tokens[i - 1]?.lower === "to" && dutyFrame(tokens, i));
    // "One aspect, which I present to you for your consideration, concerns ...": a relative clause.
    const relative = /^(?:which|that|whom)$/.test(tokens[i - 2]?.lower ?? "");
    if (own && !relative && !t.negated && !insideCondition(tokens, i)) return { ...reading, kind: "performative", agent: "author", at: i };
  }
  // "In total, we made 17 recommendations to OMB": the author's recommending, told with a light verb.
  for (let i = 1; i < tokens.length - 1; i++) {
    if (tokens[i]!.lemma === "make" && isFirstPerson(tokens[i - 1]) && tokens.slice(i + 1, i + 4).some((x) => x.lemma === "recommendation")) {
      return { ...reading, kind: "performative", agent: "author", at: i };
    }
  }
  // "I revive the recommendation", "I renew these suggestions", "my advice that these measures be
  // enacted", "my recommendation is that ...": the author's proposal named by a noun of proposing.
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (!(t.pos === "NOUN" && PROPOSAL_NOUNS.has(t.lemma))) continue;
    const owner = tokens[i - 1]!.lower;
    const next = tokens[i + 1]!;
    if ((owner === "my" || owner === "our") && (next.lower === "that" || (next.lemma === "be" && /^(?:that|to)$/.test(tokens[i + 2]?.lower ?? "")))) return { ...reading, kind: "performative", agent: "author", at: i };
    const verb = tokens.slice(Math.max(0, i - 4), i).findIndex((x) => x.pos === "VERB" && /^(?:renew|revive|repeat|reiterate|submit|make|offer|present)$/.test(x.lemma));
    if (verb >= 0) {
      const v = Math.max(0, i - 4) + verb;
      const own = isFirstPerson(tokens[v - 1]) || (tokens[v - 1]?.lower === "to" && dutyFrame(tokens, v));
      if (own && !isPastForm(tokens, v) && !tokens[v]!.negated) return { ...reading, kind: "performative", agent: "author", at: v };
    }
  }
  // "It is recommended that ..." (the author's impersonal performative).
  for (let i = 1; i < tokens.length - 1; i++) {
    if (tokens[i]!.pos === "VERB" && PERFORMATIVE.has(tokens[i]!.lemma) && tokens[i - 1]!.lemma === "be" && tokens[i - 2]?.lower === "it" && tokens[i + 1]!.lower === "that") {
      return { ...reading, kind: "performative", agent: "author", at: i };
    }
  }

  reading.reported = false;
  // Modal of obligation with its subject: "the Secretary should ensure", "we must", "there should be".
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    let deontic = false;
    if (t.pos === "AUX" && DEONTIC_MODALS.has(t.lower)) deontic = t.lower !== "need" || next?.pos === "VERB";
    else if (t.lemma === "need" && t.pos === "VERB" && next?.lower === "to") deontic = true;
    else if ((t.lower === "have" || t.lower === "has") && next?.lower === "to" && tokens[i + 2]?.pos === "VERB") deontic = true;
    else if (NECESSITY.has(t.lower) && (t.pos === "ADJ" || t.pos === "NOUN" || t.pos === "VERB") && tokens[i - 1]?.lemma === "be" && /^(?:to|that|for)$/.test(next?.lower ?? "")) deontic = !!tokens.slice(Math.max(0, i - 4), i).some((x) => x.lower === "it" || x.lower === "is");
    else if ((t.lower === "necessity" || t.lower === "need") && t.pos === "NOUN" && /^(?:of|for)$/.test(next?.lower ?? "")) deontic = true;
    // "It is the duty and the purpose of the Executive to direct ...", "it is my purpose to".
    else if (NECESSITY.has(t.lower) && t.pos === "NOUN" && /^(?:the|my|our)$/.test(tokens[i - 1]?.lower ?? "") && tokens[i - 2]?.lemma === "be" && tokens[i - 3]?.lower === "it" && tokens.slice(i + 1, i + 10).some((x, k, xs) => x.lower === "to" && xs[k + 1]?.pos === "VERB")) deontic = true;
    // "X owes the people a vote": an obligation stated with a verb; "owe this duty" refers back and states none.
    else if (t.lemma === "owe" && t.pos === "VERB") deontic = !/^(?:this|that|these|those|it|them)$/.test(next?.lower ?? "");
    // "It remains for Congress to prescribe ...": what is left for a party to do.
    else if (t.lemma === "remain" && tokens[i - 1]?.lower === "it" && next?.lower === "for" && tokens.slice(i + 2, i + 8).some((x, k, xs) => x.lower === "to" && xs[k + 1]?.pos === "VERB")) deontic = true;
    // "It appears to me necessary to equip ...", "I think it highly necessary to protect ...": a
    // necessity stated by a verb of seeming or of judging with "it" as its object.
    else if (NECESSITY.has(t.lower) && t.pos === "ADJ" && next?.lower === "to" && judgedNecessary(tokens, i)) deontic = true;
    // "we need health insurance reform now": a need stated with its object.
    else if (t.lemma === "need" && t.pos === "VERB" && isFirstPerson(tokens[i - 1]) && /^(?:DET|NOUN|ADJ|PROPN)$/.test(next?.pos ?? "")) deontic = true;
    // "The approach demands that an agency focus on ...", "it requires that the Secretary report":
    // a verb of demanding with a mandative subjunctive (a bare verb after a singular subject).
    else if (/^(?:demand|require|necessitate|insist)$/.test(t.lemma) && next?.lower === "that" && mandativeSubjunctive(tokens, i + 2)) deontic = true;
    if (!deontic) continue;
    // "should the facts justify" is a condition; "which should" a description; "should have" a regret.
    if (t.lower === "should" && i === from) continue;
    if (next?.lower === "have" && tokens[i + 2]?.pos === "VERB" && tokens[i + 2]!.lower !== tokens[i + 2]!.lemma) continue;
    const prev = tokens[i - 1];
    if (prev && prev.pos === "PRON" && /^(?:which|who|that)$/.test(prev.lower)) continue;
    // Inside a condition ("if the facts should justify") it proposes nothing; after the condition's
    // comma ("if we are to secure X, we must Y") it is the main clause, and does.
    if (insideCondition(tokens, i)) continue;
    return { ...reading, kind: "deontic", agent: agentOf(tokens, i), at: i, reported: reportedBefore(tokens, i), negated: false };
  }

  // "Use stories as leading indicators", "First, make it simple", "Instead of X, use Y".
  if (imperative && tokens[from]) return { ...reading, kind: "imperative", agent: "reader", at: from };

  // Commitments: "we will set a new fee", "I'm going to work with Congress", "we'll build on ...".
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (!isFirstPerson(t)) continue;
    // "an analysis which I will submit to the clerks": a relative clause describes its noun.
    if (/^(?:which|that|whom)$/.test(tokens[i - 1]?.lower ?? "") && tokens[i - 2]?.pos !== "VERB") continue;
    // "If we shall now increase these programs, ...": a condition commits to nothing.
    if (insideCondition(tokens, i)) continue;
    let j = i + 1;
    // "I also intend to expand ...", "we now plan to".
    while (tokens[j]?.pos === "ADV" && /^(?:also|now|therefore|then|further|still|thus|hereby|today|tonight|soon|shortly)$/.test(tokens[j]!.lower)) j++;
    let future = false;
    if (tokens[j]?.lower === "will" || tokens[j]?.lower === "'ll" || tokens[j]?.lower === "shall") {
      future = true;
      j++;
    } else if (tokens[j]?.lemma === "be" && tokens[j + 1]?.lower === "going" && tokens[j + 2]?.lower === "to") {
      future = true;
      j += 3;
    } else if (/^(?:want|intend|plan|mean|hope|pledge|promise|resolve)$/.test(tokens[j]?.lemma ?? "") && tokens[j]!.pos === "VERB" && !isPastForm(tokens, j) && tokens[j + 1]?.lower === "to") {
      // "I want to work with both parties to pass ...": a stated intention to act.
      future = true;
      j += 2;
    }
    if (!future) continue;
    while (tokens[j]?.pos === "ADV") j++;
    const verb = tokens[j];
    if (!verb || verb.pos !== "VERB" || (REPORTING_ACTS.has(verb.lemma) && !transmitsProposal(tokens, j)) || tokens[j]!.negated) continue;
    // "I want to work with both parties to pass ...": the act committed to may sit in a purpose clause.
    const purpose = tokens.slice(j + 1, j + 10).findIndex((x, k, xs) => x.pos === "VERB" && xs[k - 1]?.lower === "to");
    return { ...reading, kind: "commitment", agent: "author", at: j, ...(purpose >= 0 ? { purposeAt: j + 1 + purpose } : {}) };
  }

  reading.past = mainVerbIsPast(tokens, from);
  return reading;
}

/** A past-tense narration of what someone did ("First, we strengthened ..."). */
export function isNarration(tokens: Token[]): boolean {
  return mainVerbIsPast(tokens, clauseStart(tokens));
}
