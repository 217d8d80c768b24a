import { LABELLED_MARKER } from "../document/markers.ts";
import { norm } from "../document/text.ts";
import type { Block, Document } from "../document/types.ts";
import { analyse, ITEM_LABEL, ordinalContent, unlabelled, type Analysis } from "./analysis.ts";
import { contentWords, overlap } from "./cues.ts";
import { clauseStart, readSentence, transmitsProposal, type Reading } from "./grammar.ts";
import type { Token } from "./nlp.ts";
import { sentenceParts } from "./units.ts";

export type Structure = "ordinal" | "list" | "heading" | "section" | "prose";

export interface FoundRecommendation {
  text: string;
  start: number;
  end: number;
  how: Structure;
  /** Index of the block the item starts in. */
  block: number;
  /** An enumerated part of a sentence: it ends an item that runs over it. */
  part?: boolean;
}

/**
 * The recommendations that the document's structure presents, by rule: each detector reads one way
 * documents present them (ordinal sequences, lists under a lead-in, a heading per item, a
 * "Recommendations" section, first-person proposals in prose), with the grammar of each sentence
 * (mood, modality, agent, tense, reported speech) deciding what is a proposal; findings are merged
 * in document order, one item per place, restatements dropped. The scorer in recommendations.ts
 * reads these as evidence beside the grammar of each unit; it decides.
 */
export function structuralRecommendations(doc: Document, a: Analysis = analyse(doc)): FoundRecommendation[] {
  const headings = fromHeadings(doc, a);
  const found = [...fromSections(doc, a), ...fromLists(doc, a, headings), ...fromParagraphRuns(doc, a), ...headings, ...fromOrdinals(doc, a), ...fromEnumerations(doc, a), ...fromProse(doc, a)];
  const PRIORITY: Structure[] = ["section", "list", "heading", "ordinal", "prose"];
  // Enumerated parts of one sentence are items of their own, each starting where its part starts.
  found.sort((x, y) => x.start - y.start || PRIORITY.indexOf(x.how) - PRIORITY.indexOf(y.how));
  const kept: FoundRecommendation[] = [];
  for (const f of found) {
    const prev = kept.at(-1);
    if (prev && f.part && f.start > prev.start && f.start < prev.end) {
      kept[kept.length - 1] = { ...prev, end: f.start, text: norm(doc.text.slice(prev.start, f.start)).replace(/[\s;,:]+$/, "") };
    } else if (prev && f.start < prev.end) continue;
    if (f.how === "prose" && isRestatement(f, kept)) continue;
    kept.push(f);
  }
  // A report previews in its summary what its recommendations section says in full ("we are
  // recommending that the Secretary take the lead ..."): the section's statement is the item.
  const inSection = kept.map((f) => {
    const h = lastHeadingBefore(doc, f.block);
    return f.how === "section" || (h >= 0 && SECTION_HEADING.test(norm(doc.blocks[h]!.text)));
  });
  return kept.filter((f, k) => !(f.how === "prose" && !inSection[k] && kept.some((g, j) => g.start > f.end && inSection[j] && previews(doc, f, g))));
}

/** The proposing sentence of `f` (not the explanation that runs on after it) is mostly said again in `g`. */
function previews(doc: Document, f: FoundRecommendation, g: FoundRecommendation): boolean {
  const first = doc.sentences.find((s) => s.start >= f.start && s.start < f.end);
  const words = contentWords(first ? first.text : f.text);
  return words.size > 0 && overlap(words, contentWords(g.text)) / words.size >= 0.5;
}

/** A sentence proposes: the author performs a recommendation, or it states an obligation or command, not reported, not past. */
export function proposes(r: Reading): boolean {
  return r.kind !== null && !r.reported && !r.question && !r.negated;
}

/** The document's sentences in one block, from the analysis's index (no scan of the document). */
function sentencesOfBlock(a: Analysis, block: number): number[] {
  return a.blockSentences[block] ?? [];
}

/** The item from its first sentence on, within its block, until the next item or about 45 words. */
function itemFrom(doc: Document, a: Analysis, si: number, how: Structure, stopAtOrdinal = true): FoundRecommendation {
  const first = doc.sentences[si]!;
  let end = first.end;
  let words = first.text.split(/\s+/).length;
  for (let j = si + 1; j < doc.sentences.length; j++) {
    const s = doc.sentences[j]!;
    if (s.block !== first.block || words >= 45) break;
    if (stopAtOrdinal && a.ordinals[j] !== null) break;
    // Another proposal of the author's starts an item of its own.
    const r = a.readings[j]!;
    if (r.kind === "performative" || r.kind === "commitment" || stockProposal(doc, a, j)) break;
    words += s.text.split(/\s+/).length;
    end = s.end;
  }
  return { text: norm(doc.text.slice(first.start, end)), start: first.start, end, how, block: first.block };
}

/**
 * Nouns that announce advice ("here are some tips", "three steps", "our recommendations"): the
 * lead-in to a list says what the list is, and these are the kinds of list that advise.
 */
const ADVICE_NOUN = /\b(?:recommendations?|suggestions?|proposals?|tips?|steps?|ways?|practices?|lessons?|guidelines?|principles?|measures?|actions?|duties|priorities|strategies|considerations|rules?|dos|advice|how to|things (?:you|to|we))\b/i;

/** A lead-in that names what its list is, when that is not advice: findings, questions, examples, procedures. */
export function namesNonAdvice(text: string): boolean {
  return /\b(?:benefits?|findings?|questions?|examples?|objectives?|results?|procedures?)\b/i.test(text);
}

/** Whether a lead-in sentence or heading announces advice, from its grammar or the kind of list it names. */
export function announcesAdvice(text: string, r: Reading | undefined): boolean {
  if (r && proposes(r) && r.kind !== "commitment") return true;
  if (namesNonAdvice(text)) return false;
  // "The most important recommendations made by me were five in number:" is past, but names proposals.
  return ADVICE_NOUN.test(text) && (!r?.past || /\b(?:recommendations?|proposals?|suggestions?)\b/i.test(text));
}

/** The author's plan named as such: "our programme", "my proposals", "our terms". */
function ownPlan(text: string): boolean {
  // "These are the goals that we set for 1985:" names the author's own targets as "our goals" would.
  return (/\b(?:my|our)\s+(?:\w+\s+)?(?:programmes?|programs?|plans?|proposals?|terms|conditions|agenda|platform|points|demands|goals|targets)\b/i.test(text) || /\b(?:goals|targets) (?:that )?(?:we|i) (?:have )?(?:set|propose)\b/i.test(text)) && !namesNonAdvice(text);
}

/** The reading of a block's last sentence (its lead-in role). */
function lastReading(doc: Document, a: Analysis, block: number): { text: string; reading: Reading | undefined } {
  const sis = sentencesOfBlock(a, block);
  const last = sis.at(-1);
  return { text: doc.blocks[block]?.text ?? "", reading: last === undefined ? undefined : a.readings[last] };
}

/** Whether a block's first sentence proposes, or its text is a noun phrase of action ("Passage of adequate revenue legislation"). */
function blockProposes(a: Analysis, bi: number): boolean {
  if (a.imperativeBlock[bi]) return true;
  const si = sentencesOfBlock(a, bi)[0];
  return si !== undefined && proposes(a.readings[si]!);
}

/**
 * "Acquisition alignment: Ensuring that ...": an item that names its topic in a short noun phrase
 * before a colon. Under a lead-in that advises ("an agency should focus on two topics:") the named
 * topics are what it advises.
 */
export function namedTopic(tokens: Token[] | undefined): boolean {
  if (!tokens?.length) return false;
  const colon = tokens.findIndex((t) => t.word === ":");
  // A participle before the noun modifies it ("Shared upkeep:"), whatever the tagger calls it.
  return colon >= 1 && colon <= 4 && tokens.slice(0, colon).every((t) => /^(?:NOUN|PROPN|ADJ)$/.test(t.pos) || (t.pos === "VERB" && /(?:ed|ing)$/.test(t.lower))) && /^\p{Lu}/u.test(tokens[0]!.word);
}

export function nominalAction(tokens: Token[] | undefined): boolean {
  if (!tokens?.length) return false;
  // "Drastic reduction of expenditures", "Passage of ...", "Immediate provision for ...": an action noun heading a phrase.
  // A capital at the start makes the tagger read "Drastic" or "Passage" as a name: there, a name is a noun or an adjective.
  const nounLike = (t: Token, k: number) => t.pos === "NOUN" || (k === 0 && t.pos === "PROPN");
  let head = tokens.findIndex((t, k) => nounLike(t, k) && !(k === 0 && t.pos === "PROPN" && tokens[1]?.pos === "NOUN"));
  if (head < 0) head = tokens.findIndex((t, k) => nounLike(t, k));
  if (head < 0 || head > 3 || tokens.slice(0, head).some((t, k) => t.pos !== "ADJ" && t.pos !== "DET" && t.pos !== "ADV" && !(k === 0 && t.pos === "PROPN"))) return false;
  return /(?:tion|sion|ment|ance|ence|age|al|ure|ing|ion)$/.test(tokens[head]!.lower) && /^(?:of|for|to|in)$/.test(tokens[head + 1]?.lower ?? "");
}

/** Nouns that name what a document proposes, as the subject of what it would do. */
const PROPOSAL_SUBJECTS = /^(?:proposal|plan|bill|legislation|reform|amendment|law|act|measure|program|programme|policy|initiative|fund|approach)$/;

/** "My proposal would bring down costs", "this plan would change": what the proposal does, stated with a modal. */
export function describesProposal(ts: Token[]): boolean {
  for (let i = 1; i < ts.length - 1; i++) {
    // "my proposal would ...", "this plan will ...", "what my proposal says is ...".
    if (!((ts[i]!.pos === "AUX" && /^(?:would|will|shall|'ll|'d)$/.test(ts[i]!.lower)) || (ts[i]!.pos === "VERB" && /^(?:say|do|include|provide|mean|require)$/.test(ts[i]!.lemma)))) continue;
    const subject = ts.slice(Math.max(0, i - 3), i);
    if (subject.some((t) => PROPOSAL_SUBJECTS.test(t.lemma)) && subject.some((t) => /^(?:my|our|this|the|these)$/.test(t.lower))) return true;
  }
  return false;
}

// "First, ... Second, ... Finally, ..." ------------------------------------------------

/**
 * Sequences of sentences opened by consecutive ordinals ("First, ... Second, ... Finally, ..."),
 * each item within twelve blocks of the one before. A repeated ordinal ("So number one -- number
 * one is insurance reform") restates the item it repeats; it does not start a sequence.
 */
export function ordinalChains(doc: Document, a: Analysis): { i: number; v: number; s: Document["sentences"][number] }[][] {
  const cands = doc.sentences.map((s, i) => ({ i, v: a.ordinals[i]!, s })).filter((c): c is { i: number; v: number; s: typeof c.s } => c.v !== null);
  const chains: (typeof cands)[] = [];
  for (const c of cands) {
    // After a lead-in that ends with a colon ("I then recommended:"), a "First," starts a new sequence.
    const afterColon = /:\s*$/.test(doc.sentences[c.i - 1]?.text ?? "");
    const repeat = !afterColon && chains.some((ch) => ch.at(-1)!.v === c.v && c.s.block - ch.at(-1)!.s.block <= 3);
    if (repeat) continue;
    if (c.v === 1) {
      chains.push([c]);
      continue;
    }
    const open = [...chains].reverse().find((ch) => {
      const last = ch.at(-1)!;
      return last.v !== Infinity && (c.v === Infinity ? ch.length >= 2 : last.v === c.v - 1) && c.s.block - last.s.block <= 12;
    });
    if (open) open.push(c);
  }
  return chains;
}

function fromOrdinals(doc: Document, a: Analysis): FoundRecommendation[] {
  const chains = ordinalChains(doc, a);
  const out: FoundRecommendation[] = [];
  for (const ch of chains) {
    if (ch.length < 2) continue;
    // "First. To encourage ...": a bare ordinal's item is the sentence after it.
    const at = ch.map((c) => ordinalContent(doc, c.i));
    const readings = at.map((i) => a.readings[i]!);
    // "First, we strengthened ... Second, we focused ...": past actions told in order.
    if (readings.filter((r) => r.past).length > ch.length / 2) continue;
    // "First, because it can be passed at this session. Second, because it will provide ...": reasons
    // for a proposal, counted off, are not proposals.
    const reason = (k: number) => {
      const ts = a.tokens[ch[k]!.i]!;
      const comma = ts.findIndex((t) => t.word === ",");
      return comma >= 0 && comma <= 3 && /^(?:because|since|as)$/.test(ts[comma + 1]?.lower ?? "");
    };
    if (ch.filter((_, k) => reason(k)).length > ch.length / 2) continue;
    const firstSentence = ch[0]!.s;
    const before: { s: typeof firstSentence; i: number }[] = [];
    for (let i = ch[0]!.i - 1; i >= 0 && before.length < 2 && doc.sentences[i]!.block >= firstSentence.block - 1; i--) before.unshift({ s: doc.sentences[i]!, i });
    // "The court set out a two-part test. First, the claimant must ...": someone else's rule, reported.
    const ruling = (t: string) => /\b(?:court|courts|judge|statute|act|law|regulation|guidance|agency|handbook|study|commission)\s+(?:has\s+|had\s+)?(?:held|holds|found|requires?|required|provides?|set\s+out|sets\s+out|established|lists?|listed|describes?|described)\b/i.test(t);
    if (before.some(({ i }) => a.readings[i]!.reported || ruling(doc.sentences[i]!.text) || (a.readings[i]!.past && !announcesAdvice(doc.sentences[i]!.text, a.readings[i])))) {
      if (!before.some(({ i }) => a.readings[i]!.kind === "performative")) continue;
    }
    // "Here's what my proposal would change: three things": a lead-in that announces what a proposal does.
    const intro = before.some(({ s, i }) => announcesAdvice(s.text, a.readings[i]) || describesProposal(a.tokens[i]!));
    // "The first is to meter every well": an ordinal subject whose complement is an action.
    const isTo = (t: string) => /^(?:the|a|my|our)\s+\w+\s+(?:\w+\s+)?(?:is|would be|should be)\s+to\s+/i.test(t);
    // Under such a lead-in, "Number one, it would end the worst practices" says what the proposal does.
    const would = (k: number) => intro && a.tokens[at[k]!]!.some((t) => t.pos === "AUX" && /^(?:would|will|'d|'ll)$/.test(t.lower));
    // "Two measures are deemed expedient. First. To encourage ...": under such a lead-in, an infinitive names the measure.
    const infinitive = (k: number) => intro && infinitiveOpening(a.tokens[at[k]!]!);
    // "First, they must resolve themselves into their parts ...": what others will have to do, not a proposal.
    const theirs = (k: number) => readings[k]!.kind === "deontic" && /^(?:they|he|she|it)$/.test(a.tokens[at[k]!]![subjectIndex(a.tokens[at[k]!]!, readings[k]!.at)]?.lower ?? "");
    const directive = ch.filter((c, k) => (proposes(readings[k]!) && !theirs(k)) || isTo(doc.sentences[at[k]!]!.text) || describesProposal(a.tokens[at[k]!]!) || would(k) || infinitive(k) || (intro && nominalAction(a.tokens[c.i]?.slice(2)))).length;
    if (directive >= Math.ceil(ch.length / 2) || (intro && directive >= 1)) out.push(...ch.map((c) => itemFrom(doc, a, c.i, "ordinal")));
  }
  return out;
}

// Lists of every shape under a lead-in that decides whether they advise ------------------

export function indentOf(doc: Document, b: Block): number {
  return b.start - (doc.text.lastIndexOf("\n", b.start - 1) + 1) - (b.marker?.length ?? 0);
}

/**
 * "1." and "1)" and "(1)" are different list styles; items of one list share one. A labelled
 * marker's style is its word and the shape of its number ("Step 2 —" is "step 9 —").
 */
function markerStyle(marker: string | undefined): string {
  const labelled = LABELLED_MARKER.exec(marker ?? "");
  const rest = labelled ? marker!.slice(marker!.indexOf(labelled[2]!, labelled[1]!.length)) : (marker ?? "");
  return (labelled ? `${labelled[1]!.toLowerCase()} ` : "") + rest.replace(/\d+/, "9").replace(/^\(?[ivxlIVXL]{2,}/, "R").replace(/^\(?[a-z]/, "a").replace(/^\(?[A-Z]/, "A");
}

function markerNumber(marker: string | undefined): number {
  const v = LABELLED_MARKER.exec(marker ?? "")?.[2] ?? /^\(?(\d+|[a-zA-Z]|[ivxlIVXL]+)[.)]$/.exec(marker ?? "")?.[1];
  if (!v) return Number.NaN;
  if (/^\d+$/.test(v)) return Number(v);
  if (/^[ivxl]{2,}$/i.test(v) || v === "I" || v === "i") return roman(v);
  return v.toLowerCase().charCodeAt(0) - 96;
}

function roman(s: string): number {
  const val: Record<string, number> = { i: 1, v: 5, x: 10, l: 50 };
  let n = 0;
  const t = s.toLowerCase();
  for (let i = 0; i < t.length; i++) {
    const v = val[t[i]!]!;
    n += v < (val[t[i + 1]!] ?? 0) ? -v : v;
  }
  return n;
}

/**
 * Lists as a reader sees them: consecutive items at the outer level (nested items elaborate the
 * one above them), or items numbered 1, 2, 3 in one style standing apart, each with its explanation.
 */
function listGroups(doc: Document): number[][] {
  const groups: number[][] = [];
  const { blocks } = doc;
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i]!.kind !== "list-item" || blocks[i - 1]?.kind === "list-item") continue;
    const group: number[] = [];
    const base = indentOf(doc, blocks[i]!);
    for (let j = i; blocks[j]?.kind === "list-item"; j++) if (indentOf(doc, blocks[j]!) <= base) group.push(j);
    groups.push(group);
  }
  const standalone = (i: number) => blocks[i]?.kind === "list-item" && blocks[i - 1]?.kind !== "list-item" && blocks[i + 1]?.kind !== "list-item";
  for (let i = 0; i < blocks.length; i++) {
    if (!standalone(i) || markerNumber(blocks[i]!.marker) !== 1) continue;
    const style = markerStyle(blocks[i]!.marker);
    const seq = [i];
    for (let j = i + 1; j < blocks.length; j++) {
      if (!standalone(j) || markerStyle(blocks[j]!.marker) !== style) continue;
      const n = markerNumber(blocks[j]!.marker);
      if (n === 1) break;
      if (n === markerNumber(blocks[seq.at(-1)!]!.marker) + 1) seq.push(j);
    }
    if (seq.length >= 2) groups.push(seq);
  }
  return groups;
}

/** What a list says about each of its items: how big it is, whether its lead-in advises, how many of its items propose. */
export interface ListFacts {
  size: number;
  leadAdvises: boolean;
  /** Share of the list's items that propose (or, under an advising lead-in, name an action). */
  actionable: number;
  /** The lead-in is past or reported: the list tells what happened or what others said. */
  reporting: boolean;
  /** A list of questions. */
  questions: boolean;
  /** Under a heading that is itself a recommendation, the list elaborates it. */
  underRecommendation: boolean;
  /** "We recommend:" vouches for what follows, even noun phrases. */
  vouched: boolean;
  /** The list was taken as recommendations by rule. */
  taken: boolean;
}

/** The facts of every list, by block index of each of its outer items. */
export function listFacts(doc: Document, a: Analysis, headingRecs: FoundRecommendation[] = fromHeadings(doc, a)): Map<number, ListFacts> {
  const out = new Map<number, ListFacts>();
  const headingBlocks = headingRecs.map((h) => h.block);
  for (const group of listGroups(doc)) {
    if (group.length < 2) continue;
    const items = group.map((i) => doc.blocks[i]!);
    const questions = group.filter((bi) => a.readings[sentencesOfBlock(a, bi)[0] ?? -1]?.question).length >= items.length / 2;
    const section = lastHeadingBefore(doc, group[0]!);
    const underRecommendation = section >= 0 && headingBlocks.includes(section);
    const leadIn = group[0]! - 1;
    const lead = leadIn >= 0 ? lastReading(doc, a, leadIn) : { text: "", reading: undefined };
    const leadAdvises = announcesAdvice(lead.text, lead.reading) || (section >= 0 && section >= leadIn - 1 && announcesAdvice(doc.blocks[section]!.text, undefined));
    const itemTokens = group.map((bi) => a.tokens[sentencesOfBlock(a, bi)[0] ?? -1]);
    const actionable = group.filter((bi, k) => blockProposes(a, bi) || (leadAdvises && (nominalAction(itemTokens[k]) || namedTopic(itemTokens[k])))).length;
    const modal = group.filter((bi) => {
      const si = sentencesOfBlock(a, bi)[0];
      return si !== undefined && a.readings[si]!.kind === "deontic" && proposes(a.readings[si]!);
    }).length;
    const reporting = !!(lead.reading?.past || lead.reading?.reported);
    const leadSentence = leadIn >= 0 ? a.blockSentences[leadIn]?.at(-1) : undefined;
    const named = leadSentence !== undefined && lead.reading?.kind === "performative" && namesItsProposal(a.tokens[leadSentence]!, lead.reading.at);
    // "We recommend:" vouches for what follows; "I recommend a court ... over the following classes:" does not: its items elaborate.
    // So does the author's own plan announced with a colon ("that programme, as we see it, is this:").
    const vouched =
      ((lead.reading?.kind === "performative" && !named) || (ownPlan(lead.text) && !reporting)) && /:\s*$/.test(lead.text) && items.every((b) => b.text.split(/\s+/).length >= 3);
    // "I. Procedures Related to ...": a list that says it is something other than advice.
    const imperatives = group.filter((bi) => a.imperativeBlock[bi]).length;
    const explained = items.length >= 3 && group.filter((bi) => (a.blockSentences[bi]?.length ?? 0) >= 2).length >= items.length * 0.6;
    // "I laid down in Guam three principles ...: First, the United States will keep all of its treaty
    // commitments. Second, we shall provide ...": told in the past, but each item a standing policy
    // in the future tense, "will" or "shall" in its main clause.
    const policies = group.filter((_bi, k) => {
      const ts = itemTokens[k] ?? [];
      return ts.slice(0, 14).some((t, j) => t.pos === "AUX" && /^(?:will|shall|'ll)$/.test(t.lower) && !t.negated && ts[j + 1]?.pos === "VERB" && !ts.slice(0, j).some((x) => /^(?:if|when|unless|which|who|that)$/.test(x.lower)));
    }).length;
    const standingPolicy = reporting && items.length >= 2 && policies >= items.length * 0.6 && /:\s*$/.test(lead.text);
    const declined = elaboratesNamed(lead.text) || namesNonAdvice(lead.text) || (section >= 0 && section >= leadIn - 1 && namesNonAdvice(doc.blocks[section]!.text));
    const ok =
      !questions &&
      !underRecommendation &&
      !declined &&
      (vouched ||
        standingPolicy ||
        (leadAdvises && actionable >= items.length / 2) ||
        (!reporting && modal >= Math.max(2, (items.length * 2) / 3)) ||
        // Imperatives are instructions to the reader when they stand apart, when a lead-in of the
        // author's announces them with a colon ("Here are some simple approaches you can use:", not
        // "In this report, we:", whose items are the subject's predicates), or when each is a tip with
        // its explanation ("Share your design methods. Distributed teams risk ..."), whatever the
        // lead-in says; a checklist of bare instructions needs its lead-in.
        ((standaloneSequence(doc, group) || (!reporting && ((/:\s*$/.test(lead.text) && !/\b(?:we|i|they|he|she|it|you)\s*:\s*$/i.test(lead.text)) || explained))) && imperatives >= Math.max(2, items.length * 0.6)));
    const facts: ListFacts = { size: items.length, leadAdvises, actionable: actionable / items.length, reporting, questions, underRecommendation, vouched, taken: ok };
    for (const bi of group) out.set(bi, facts);
  }
  return out;
}

function fromLists(doc: Document, a: Analysis, headingRecs: FoundRecommendation[]): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  for (const [bi, facts] of listFacts(doc, a, headingRecs)) {
    if (!facts.taken) continue;
    const b = doc.blocks[bi]!;
    out.push({ text: norm(b.text), start: b.start, end: b.end, how: "list", block: bi });
  }
  return out.sort((x, y) => x.start - y.start);
}

/**
 * A list written as paragraphs, as transcripts of speeches write one: "I want to discuss the main
 * proposals of this legislation." then one-sentence paragraphs, each saying what the proposal will
 * do ("This bill will strike down ...", "It will provide ...", "Finally, this legislation will ...").
 * The lead-in must name proposals, and at least two paragraphs in a row must follow it.
 */
function fromParagraphRuns(doc: Document, a: Analysis): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  const { blocks } = doc;
  for (let L = 1; L < blocks.length - 2; L++) {
    if (blocks[L]!.kind !== "text") continue;
    const lead = sentencesOfBlock(a, L).at(-1);
    // The lead-in announces the proposals; one that itself proposes ("I recommend a law ... to carry out its provisions") is an item, and what follows elaborates it.
    if (lead === undefined || a.readings[lead]!.past || a.readings[lead]!.reported || proposes(a.readings[lead]!)) continue;
    if (!/\b(?:proposals?|provisions?|recommendations?)\b/i.test(doc.sentences[lead]!.text) || namesNonAdvice(doc.sentences[lead]!.text)) continue;
    const run: number[] = [];
    for (let j = L + 1; j < blocks.length && blocks[j]!.kind === "text"; j++) {
      const sis = sentencesOfBlock(a, j);
      if (sis.length !== 1) break;
      const ts = a.tokens[sis[0]!]!;
      const says = describesProposal(ts) || (run.length > 0 && continuesProposal(ts)) || proposes(a.readings[sis[0]!]!);
      if (!says) break;
      run.push(j);
    }
    if (run.length < 2) continue;
    for (const j of run) out.push({ text: norm(blocks[j]!.text), start: blocks[j]!.start, end: blocks[j]!.end, how: "list", block: j });
    L = run.at(-1)!;
  }
  return out;
}

/** "It will eliminate ...", "It would provide ...": a pronoun standing for the proposal just described, with a modal of what it will do. */
function continuesProposal(ts: Token[]): boolean {
  let k = 0;
  while (k < ts.length && (ts[k]!.pos === "CCONJ" || ts[k]!.pos === "PUNCT" || (ts[k]!.pos === "ADV" && ts[k + 1]?.word === ","))) k++;
  return /^(?:it|this|they)$/.test(ts[k]?.lower ?? "") && /^(?:will|would|shall|'ll)$/.test(ts[k + 1]?.lower ?? "");
}

function standaloneSequence(doc: Document, group: number[]): boolean {
  return group.every((bi) => doc.blocks[bi + 1]?.kind !== "list-item" && doc.blocks[bi - 1]?.kind !== "list-item");
}

export function lastHeadingBefore(doc: Document, block: number): number {
  for (let i = block - 1; i > 0; i--) if (doc.blocks[i]!.kind === "heading") return i;
  return -1;
}

// One heading per recommendation, labelled or not ("Step 2: Plan for research") -----------

const NUMBERED_HEADING = /^recommendation\s+(?:\d+|[ivx]+|[a-z])\s*[:.–—-]\s*(?=\S)/i;

export function fromHeadings(doc: Document, a: Analysis): FoundRecommendation[] {
  // The first block is the document's title.
  const headings = doc.blocks.map((b, i) => ({ b, i })).filter(({ b, i }) => b.kind === "heading" && i > 0);
  const named = headings.filter(({ b }) => NUMBERED_HEADING.test(norm(b.text)));
  if (named.length) {
    return named.map(({ b, i }) => {
      const lead = NUMBERED_HEADING.exec(norm(b.text))![0].length;
      return { text: norm(b.text).slice(lead), start: b.start + lead, end: b.end, how: "heading" as const, block: i };
    });
  }
  const imperative = headings.filter(({ i }) => a.imperativeBlock[i]);
  // Headings labelled alike ("Step 1:", "Tip 2.") form a series; most of the series must advise.
  const labelled = headings.filter(({ b }) => ITEM_LABEL.test(norm(b.text)) && /\d|^[IVX]+\b/.test(norm(b.text).slice(0, 12)));
  const labelledImperative = labelled.filter(({ i }) => a.imperativeBlock[i]);
  const series = labelled.length >= 2 && labelledImperative.length >= labelled.length * 0.6;
  if (!series && (imperative.length < 2 || imperative.length < headings.length * 0.4)) return [];
  return imperative.map(({ b, i }) => {
    const t = norm(b.text);
    const lead = t.length - unlabelled(t).length;
    return { text: t.slice(lead), start: b.start + lead, end: b.end, how: "heading" as const, block: i };
  });
}

// A "Recommendations" section: its directive paragraphs, not its context ----------------

export const SECTION_HEADING =
  /^(?:[\dIVX]+[.)]?\s*)?(?:(?:our|policy|key|main|specific|final|summary\s+of|list\s+of)\s+)?(?:recommendations?(?:\s+(?:for|to)\s+[\w\s,'’-]+)?|conclusions?\s+and\s+recommendations?|matters?\s+for\s+congressional\s+consideration|the\s+way\s+forward|(?:policy\s+)?proposals?|next\s+steps|what\s+should\s+be\s+done|what\s+(?:congress|policymakers|governments?)\s+should\s+do)\s*:?$/i;

/**
 * "At a minimum, such a strategy should seek to do the following:", "These plans include:": a lead-in
 * whose items are the parts of something already named, which they elaborate; they are not
 * recommendations of their own.
 */
function elaboratesNamed(lead: string): boolean {
  return /\b(?:such an?|this|these|that|those) (?:\w+ ){0,2}\w+ (?:(?:should|would|will|must|could|can|shall|may) (?:\w+ )?)?(?:include|includes|including|seek to do|consist of|comprise|cover|contain)\b[^.]*:\s*$/i.test(lead);
}

function fromSections(doc: Document, a: Analysis): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  const { blocks } = doc;
  for (let h = 0; h < blocks.length; h++) {
    if (blocks[h]!.kind !== "heading" || !SECTION_HEADING.test(norm(blocks[h]!.text))) continue;
    for (let i = h + 1; i < blocks.length && blocks[i]!.kind !== "heading"; i++) {
      const b = blocks[i]!;
      if (b.kind === "list-item" && blocks[i - 1]?.kind === "list-item" && indentOf(doc, b) > indentOf(doc, blocks[i - 1]!)) continue;
      if (b.kind === "list-item") {
        let lead = i - 1;
        while (lead > h && blocks[lead]!.kind === "list-item") lead--;
        if (lead > h && elaboratesNamed(blocks[lead]!.text.trim())) continue;
      }
      const si = sentencesOfBlock(a, i)[0];
      if (si === undefined || /:\s*$/.test(b.text.trim())) continue;
      const r = a.readings[si]!;
      if (!(proposes(r) || a.imperativeBlock[i]) || r.kind === "commitment") continue;
      // "We are making two recommendations to the Department." counts what follows.
      if (r.kind === "performative" && /\b(?:making|made|make)\s+(?:the\s+following|\w+)\s+recommendations?\b/i.test(doc.sentences[si]!.text)) continue;
      out.push(itemFrom(doc, a, si, "section", false));
    }
  }
  doc.sentences.forEach((s, i) => {
    // "Recommendation 3: The Secretary should ..." names itself wherever it stands.
    if (/^recommendation\s+(?:\d+|[ivx]+)\s*[:.–—-]\s+\S/i.test(s.text) && doc.blocks[s.block]!.kind !== "heading") out.push(itemFrom(doc, a, i, "section", false));
    // GAO marks each recommendation "(Recommendation N)"; the marker closes the sentence it belongs to.
    if (!/\(Recommendation \d+\)/.test(s.text)) return;
    const bare = /^\(Recommendation \d+\)\.?$/.test(s.text.trim()) && doc.sentences[i - 1]?.block === s.block;
    const from = bare ? doc.sentences[i - 1]! : s;
    out.push({ text: norm(doc.text.slice(from.start, s.end)), start: from.start, end: s.end, how: "section", block: s.block });
  });
  return out;
}

// Proposals in running text: "I recommend ...", "I urge that ...", "I ask the Congress to ..." ------

/** Verbs of enacting policy: a commitment to one of these is a proposal ("we will set a new fee"). */
export const ENACTING = new Set(["institute", "pass", "enact", "create", "establish", "fund", "introduce", "reform", "launch", "eliminate", "set", "sign", "submit", "expand", "cut", "raise", "lower", "require", "ban", "repeal", "restore", "build", "invest", "extend", "end", "reduce", "increase", "strengthen", "amend"]);

function fromProse(doc: Document, a: Analysis): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  doc.sentences.forEach((s, i) => {
    if (doc.blocks[s.block]!.kind === "heading") return;
    const r = a.readings[i]!;
    if (asksOwnProposal(doc, a, i)) {
      out.push(itemFrom(doc, a, i, "prose"));
      return;
    }
    const stock = stockProposal(doc, a, i);
    if (!proposes(r) && !stock) return;
    const ts = a.tokens[i]!;
    if (stock) {
      out.push(itemFrom(doc, a, i, "prose"));
      return;
    }
    if (r.kind === "performative") {
      if (insideQuote(ts, r.at) || quotedFromEarlier(doc, s)) return;
      // "I earnestly urge that they be enacted", "my advice that these measures be enacted": it
      // repeats what was just proposed; "when we ask our citizens to ...": not the sentence's own act.
      if (anaphoricComplement(ts, r.at) || subordinateAct(ts, r.at) || namesEarlierProposals(ts)) return;
      // "I have recommended to the Congress from time to time ...", "so we suggested CISA build ...":
      // the author's earlier recommendations, told; in a report of past recommendations they are its subject.
      if (pastAct(ts, r.at) && (presentActs(a) >= pastActs(a) || ts.some((t, k) => k < r.at && t.pos === "VERB" && isPastVerb(ts, k)))) return;
      const verb = ts[r.at]!;
      // "We were asked to review", "we requested comments": a passive or a request for something, not a proposal.
      if (ts[r.at - 1]?.lemma === "be" && verb.lower !== verb.lemma && !verb.lower.endsWith("ing")) return;
      if ((verb.lemma === "request" || verb.lemma === "ask" || verb.lemma === "commit") && verb.lower !== verb.lemma && !verb.lower.endsWith("ing") && !standingRequest(ts, r.at)) return;
      const t = s.text;
      // "We recommend the following measures:" announces a list; its items are the recommendations.
      // "I recommend the establishment of a court ... over the following classes of cases:" names its proposal first.
      if ((/:\s*$/.test(t) || (/\b(?:the following|as follows)\b/i.test(t) && t.split(/\s+/).length < 14)) && !namesItsProposal(ts, r.at)) return;
      // "We propose three reforms.", "I would like to suggest a few things here": it counts what follows.
      if (countsWhatFollows(ts, r.at)) return;
      // "I ask you to reconcile your belief in X with Y", "I urge you to remember ...": a request for
      // a change of mind is an appeal; it proposes nothing to do.
      if (asksForThought(ts, r.at)) return;
      out.push(itemFrom(doc, a, i, "prose"));
      return;
    }
    const enacts = ENACTING.has(ts[r.at]!.lemma) || (r.purposeAt !== undefined && ENACTING.has(ts[r.purposeAt]!.lemma)) || transmitsProposal(ts, r.at) || (r.purposeAt !== undefined && transmitsProposal(ts, r.purposeAt));
    // "when Congress sends me the final bill, I'm going to sign it into law": an act on what was already proposed.
    if (r.kind === "commitment" && enacts && !insideQuote(ts, r.at) && !/:\s*$/.test(s.text) && !/^(?:it|them|this|that|these|those)$/.test(ts[r.at + 1]?.lower ?? "")) out.push(itemFrom(doc, a, i, "prose"));
  });
  return out;
}

function standingOffer(ts: Token[]): boolean {
  for (let i = 0; i + 2 < ts.length; i++) {
    if (!(ts[i]!.pos === "PRON" && /^(?:i|we)$/.test(ts[i]!.lower))) continue;
    const v = ts[i + 1]!;
    if (!(v.lemma === "be" || v.lemma === "remain" || v.lemma === "stand") || v.negated) continue;
    const adj = ts[i + 2]?.pos === "ADV" ? i + 3 : i + 2;
    if (!/^(?:ready|prepared)$/.test(ts[adj]?.lower ?? "")) continue;
    if (ts.slice(0, i).some((t) => /^(?:if|unless|when|whether)$/.test(t.lower))) return false;
    // What is offered: "to negotiate", "for unconditional discussions", perhaps after an aside; not
    // terms to be listed next ("We are ready to settle on these terms.", "... on the following:").
    if (/:\s*$/.test(ts.map((t) => t.word).join(" ")) || ts.slice(adj + 1).some((t) => /^(?:these|following)$/.test(t.lower))) return false;
    return ts.slice(adj + 1, adj + 12).some((t, k, xs) => (t.lower === "to" && xs[k + 1]?.pos === "VERB") || (t.lower === "for" && /^(?:DET|ADJ|NOUN)$/.test(xs[k + 1]?.pos ?? "")));
  }
  return false;
}

function judgmentOpens(ts: Token[], at: number): boolean {
  let k = 0;
  while (k < ts.length && (/^(?:and|so|but|now|yet)$/.test(ts[k]!.lower) || ts[k]!.word === ",")) k++;
  if (ts[k]?.lower !== "i" || !/^(?:believe|think)$/.test(ts[k + 1]?.lower ?? "")) return false;
  const modal = ts[at];
  return !!modal && /^(?:must|should|ought)$/.test(modal.lower) && at > k + 1 && at <= k + 9 && !ts.slice(k, at + 1).some((t) => t.negated);
}

/** Verbs of deliberating that a message asks of the body it addresses. */
const DELIBERATING = new Set(["consider", "deliberate", "examine", "weigh", "inquire", "review", "revise"]);

function addressedDirective(ts: Token[]): boolean {
  for (let i = 0; i + 2 < ts.length; i++) {
    const t = ts[i]!;
    // "you will (seriously) deliberate whether ...", "you will consider the propriety of ...".
    if (t.lower === "you" && /^(?:will|shall)$/.test(ts[i + 1]!.lower) && !ts[i + 1]!.negated) {
      let k = i + 2;
      while (ts[k]?.pos === "ADV") k++;
      // Not inside a fronted condition ("if you will consider ..."); one closed by its comma frames it.
      const clause = ts.slice(0, i).map((x) => x.word).lastIndexOf(",") + 1;
      if (DELIBERATING.has(ts[k]?.lemma ?? "") && ts[k]!.lower === ts[k]!.lemma && !ts.slice(clause, i).some((x) => /^(?:if|when|unless|whether|as)$/.test(x.lower))) return true;
    }
    // "It is (particularly) your province to consider ...", "it will be your duty to provide ...".
    if (t.lower === "your" && /^(?:province|duty|office|task|business|responsibility)$/.test(ts[i + 1]!.lower) && ts[i + 2]!.lower === "to" && ts.slice(Math.max(0, i - 4), i).some((x) => x.lower === "it") && !ts.slice(0, i).some((x) => x.negated)) return true;
  }
  return false;
}

/**
 * "What is my proposal? It is simply this: ...", "What, then, do I recommend? ...": the author asks
 * what the proposal is and answers at once, in the same paragraph; question and answer are the item.
 */
function asksOwnProposal(doc: Document, a: Analysis, i: number): boolean {
  const r = a.readings[i]!;
  const next = doc.sentences[i + 1];
  if (!r.question || !next || next.block !== doc.sentences[i]!.block || a.readings[i + 1]!.question) return false;
  const words = a.tokens[i]!.filter((t) => t.pos !== "PUNCT" && t.pos !== "ADV").map((t) => t.lower).join(" ");
  return /^what (?:is|are) (?:my|our) (?:proposal|plan|recommendation|remedy|program|programme)s?$/.test(words) || /^what (?:do|would|shall) (?:i|we) (?:propose|recommend|suggest)$/.test(words);
}

/**
 * Ways of proposing that are fixed in English: "Experience has shown the necessity of an amendment
 * ...", "In addition to the foregoing amendments, the Commission should be given ...", "I believe
 * Congress owes the American people a vote", and the author's endorsement of a proposal just
 * reported ("It has been urged that the law be amended ... This seems to me to be a reasonable provision").
 */
function stockProposal(doc: Document, a: Analysis, i: number): boolean {
  const ts = a.tokens[i]!;
  const r = a.readings[i]!;
  const text = ts.map((t) => t.lower).join(" ");
  const sentence = doc.sentences[i]!.text;
  if (/\b(?:shown|show|shows|established|establish|establishes|demonstrated|demonstrates|proved|proven|proves) the (?:necessity|need) (?:of|for)\b/.test(text)) return true;
  if (/^in addition to\b/.test(text) && r.kind === "deontic" && !r.reported && /^(?:should|ought)$/.test(ts[r.at]?.lower ?? "")) return true;
  if (r.kind === "deontic" && r.authorial && ts[r.at]?.lemma === "owe" && !r.reported) return true;
  // "It appears to me necessary to equip ...", "I think it highly necessary to protect ...": the
  // author judges an act necessary, in the present, with the act as the adjective's infinitive.
  if (r.kind === "deontic" && !r.reported && !r.question && ts[r.at]?.pos === "ADJ" && ts[r.at + 1]?.lower === "to" && ownJudgment(ts, r.at)) return true;
  // "It is absolutely imperative that we should give ...", "It's very important that the team use ...":
  // a mandative opening the sentence, its clause opening with its subject (a condition fronted
  // before or inside it, "If X is to be enforced, it is essential ...", "... that when we ask ...",
  // frames rather than proposes), present and affirmative.
  if (/^it (?:is|'s) (?:(?:\w+ )?(?:\w+ )?(?:imperative|essential|necessary|vital|critical|crucial|important|urgent|indispensable|advisable|desirable|expedient)|of (?:the )?(?:\w+ )?(?:importance|consequence|necessity)) that (?!(?:when|if|as|because|while|once|since|unless|whatever|no matter|in|at|for)\b)/.test(text) && !r.reported && !r.question && !ts.slice(0, 6).some((t) => t.negated)) return true;
  // "It remains for Congress to prescribe such regulations ...": what is left for a party to do.
  if (r.kind === "deontic" && !r.reported && ts[r.at]?.lemma === "remain") return true;
  // "I believe that it must be the policy of the United States to support ...", "I think that the law
  // should provide that ...": the author's own present judgment opens the sentence, and a modal of
  // obligation follows at once (not "I believe it's time to", not a belief framed by an opening phrase).
  if (r.kind === "deontic" && !r.reported && !r.question && judgmentOpens(ts, r.at)) return true;
  // "Now there must be a much more massive effort to ...", "There should be a transfer of the
  // functions ...": an existential of obligation names what is to be done (not "there must be no delay").
  if (r.kind === "deontic" && !r.reported && !r.question && ts[r.at - 1]?.lower === "there" && r.at - 1 <= clauseStart(ts) + 1 && /^(?:must|should|ought)$/.test(ts[r.at]!.lower) && ts[r.at + 1]?.lower === "be" && !/^(?:no|nothing|none)$/.test(ts[r.at + 2]?.lower ?? "")) return true;
  // "We are ready, at any time, to negotiate for a restoration of peace", "we remain ready for
  // unconditional discussions": the author's standing offer, outside any condition.
  if (!r.question && (sentence.includes("ready") || sentence.includes("prepared")) && standingOffer(ts)) return true;
  // "Pass this jobs bill, and thousands of teachers will go back to work.": an imperative with the
  // consequence it promises, the conditional imperative of a speech's proposals.
  if (r.kind === "imperative" && doc.blocks[doc.sentences[i]!.block]!.kind === "text" && /^[^,]{3,60}, and (?:\w+ ){0,6}(?:will|can|would|'ll|’ll)\b/.test(sentence)) return true;
  // A message's polite directive to the legislature it addresses: "you will seriously deliberate
  // whether the means of defense ought not to be increased", "It is particularly your province to
  // consider the state of the public finances, and to adopt such measures ...".
  if (!r.question && /\b[Yy]our?\b/.test(sentence) && addressedDirective(ts)) return true;
  const before = a.readings[i - 1];
  if (before?.reported && before.kind === "deontic" && doc.sentences[i - 1]!.block === doc.sentences[i]!.block) {
    const anaphor = /^(?:this|that|such|it)\b/.test(text);
    const mine = /\b(?:seems to me|i think|i believe|i consider|in my (?:judgment|opinion))\b/.test(text);
    if (anaphor && mine && ts.some((t) => t.pos === "ADJ" && /^(?:reasonable|wise|desirable|proper|just|sound|fair|right|useful|advisable|appropriate)$/.test(t.lower))) return true;
  }
  return false;
}

/**
 * The author's present, unnegated judgment governs the clause at `at`: "I think (that)", "we
 * believe", "I deem it", "it seems to me", "in my judgment". "I don't believe we should" and "I
 * thought it was important" do not.
 */
export function ownJudgment(ts: Token[], at: number): boolean {
  for (let i = 0; i < at; i++) {
    const t = ts[i]!;
    if (/^(?:i|we)$/.test(t.lower) && t.pos === "PRON") {
      let k = i + 1;
      while (ts[k]?.pos === "ADV" && !/^(?:not|n't|never)$/.test(ts[k]!.lower)) k++;
      const v = ts[k];
      if (v && /^(?:think|believe|deem|consider|judge|hold|submit)$/.test(v.lemma) && v.lower === v.lemma && !v.negated && !ts.slice(i + 1, k).some((x) => x.pos === "AUX")) return true;
    }
    if ((t.lower === "seems" || t.lower === "appears") && ts[i + 1]?.lower === "to" && ts[i + 2]?.lower === "me") return true;
    if (t.lower === "my" && /^(?:judgment|judgement|opinion|view)$/.test(ts[i + 1]?.lower ?? "") && ts[i - 1]?.lower === "in") return true;
  }
  return false;
}

/** "To plant trees ...": a clause opened by the infinitive marker (tagged as a particle, not a preposition) and a base form. */
function infinitiveOpening(ts: Token[]): boolean {
  const to = ts[0];
  const v = ts[1];
  return !!to && !!v && to.lower === "to" && (v.pos === "VERB" || (to.pos === "PART" && /^(?:NOUN|ADJ)$/.test(v.pos) && v.lower === v.lemma));
}

/** The token just before `at` that is its subject: the nearest pronoun or noun. */
function subjectIndex(ts: Token[], at: number): number {
  for (let i = at - 1; i >= 0 && i >= at - 4; i--) if (ts[i]!.pos === "PRON" || ts[i]!.pos === "NOUN" || ts[i]!.pos === "PROPN") return i;
  return -1;
}

/** The performative's complement refers back: "urge that they be enacted", "my advice that these measures be", "to so provide", "accept such a basis". */
export function anaphoricComplement(ts: Token[], at: number): boolean {
  // "I call for that national effort", "I call for it": the object of a prepositional verb, where
  // "that" is a demonstrative, not a complementizer.
  if (ts[at]?.lemma === "call" && /^(?:for|on|upon)$/.test(ts[at + 1]?.lower ?? "") && /^(?:that|this|it|these|those|such|them)$/.test(ts[at + 2]?.lower ?? "")) return true;
  const after = ts.slice(at + 1, at + 6);
  const k = after.findIndex((t) => t.lower !== "that" && t.lower !== "to" && t.lower !== "of" && t.lower !== "you" && t.pos !== "ADV" && t.word !== ",");
  const head = after[k];
  if (head && /^(?:they|them|it|these|those|this|such|so)$/.test(head.lower)) return true;
  // "ask of you to accept such a basis": the object of the verb the performative governs.
  return !!head && head.pos === "VERB" && /^(?:such|these|those|this)$/.test(after[k + 1]?.lower ?? "");
}

/** "The other suggestions ... I now very earnestly renew": the proposals renewed are named as ones already made. */
function namesEarlierProposals(ts: Token[]): boolean {
  // "The other suggestions ... I now renew", "I submit the accompanying propositions, and urge their adoption".
  // "I'm calling on Congress to pass these reforms": plural nouns of proposing, pointed back to.
  // "I'm directing my Secretary to move forward on this initiative": one named just before, pointed back to.
  return ts.some((t, i) =>
    (/^(?:suggestions|recommendations|proposals|propositions|measures|amendments|reforms|changes|steps|ideas|plans)$/.test(t.lower) && /^(?:other|these|those|such|foregoing|above|accompanying|said)$/.test(ts[i - 1]?.lower ?? "")) ||
    (/^(?:initiative|idea|proposal|proposition|plan|measure|reform)$/.test(t.lower) && /^(?:this|that|such)$/.test(ts[i - 1]?.lower ?? "") && ts[i + 1]?.word !== ":"),
  );
}

/** The performative sits in a subordinate clause ("when we ask our citizens to ..."), not the sentence's own act. */
export function subordinateAct(ts: Token[], at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 4; i--) {
    if (/^(?:when|if|as|because|while|since|unless|whenever|before|after)$/.test(ts[i]!.lower)) return true;
    if (ts[i]!.word === ",") return false;
  }
  return false;
}

/**
 * "I recommended", "we suggested", "I have recommended ... from time to time": the act told as past.
 * A present perfect without a past occasion ("I have favored an authority to ...") states the
 * author's present position, and counts as performed now.
 */
function pastAct(ts: Token[], at: number): boolean {
  const t = ts[at]!;
  if (t.lower === t.lemma || t.lower.endsWith("ing") || t.lower.endsWith("s")) return false;
  const perfect = ts.slice(Math.max(0, at - 6), at).some((x) => x.pos === "AUX" && (x.lower === "have" || x.lower === "has"));
  return !perfect || PAST_OCCASION.test(ts.map((x) => x.lower).join(" "));
}

/**
 * "I have asked the leaders of Congress to postpone a vote": a request in the present perfect, with
 * no earlier occasion named, to a party to act, stands now; "we asked officials to describe" is told.
 */
function standingRequest(ts: Token[], at: number): boolean {
  const perfect = ts.slice(Math.max(0, at - 6), at).some((x) => x.pos === "AUX" && (x.lower === "have" || x.lower === "has" || x.lower === "'ve"));
  if (!perfect || PAST_OCCASION.test(ts.map((x) => x.lower).join(" "))) return false;
  return ts.slice(at + 1, at + 10).some((x, k, xs) => x.lower === "to" && xs[k + 1]?.pos === "VERB") && (ts[at + 1]?.pos === "DET" || ts[at + 1]?.pos === "NOUN" || ts[at + 1]?.pos === "PROPN" || ts[at + 1]?.pos === "PRON");
}

/** Adverbials that place an act on an earlier occasion. */
const PAST_OCCASION = /\b(?:from time to time|previously|heretofore|hitherto|earlier|before now|last (?:year|session|month|week|december|spring|fall)|in (?:my|the|our) (?:last|previous|annual|inaugural|first|second) (?:message|address|report)|in (?:1[6-9]|20)\d\d|ago)\b/;

/** A finite past verb other than an auxiliary: "wanted", "met". */
function isPastVerb(ts: Token[], k: number): boolean {
  const t = ts[k]!;
  if (t.lower === t.lemma || t.lower.endsWith("ing") || !/ed$/.test(t.lower)) return false;
  const prev = ts[k - 1];
  return !(prev && (prev.pos === "AUX" || prev.pos === "PART" || prev.pos === "NOUN"));
}

const actsCache = new WeakMap<Analysis, { present: number; past: number }>();
/** How many sentences of the document perform a recommendation in the present ("I recommend", "we urge"), and tell one in the past. */
function acts(a: Analysis): { present: number; past: number } {
  let n = actsCache.get(a);
  if (n === undefined) {
    const performatives = a.readings.map((r, i) => (r.kind === "performative" ? pastAct(a.tokens[i]!, r.at) : null)).filter((x) => x !== null);
    n = { present: performatives.filter((p) => !p).length, past: performatives.filter((p) => p).length };
    actsCache.set(a, n);
  }
  return n;
}
/** A report of the author's past recommendations (a GAO testimony) tells more than it performs; a message performs. */
const presentActs = (a: Analysis) => acts(a).present;
const pastActs = (a: Analysis) => acts(a).past;

/** Verbs of a mental act: what an appeal asks of its hearers when it asks for no deed. */
const MENTAL_ACTS = new Set(["reconcile", "remember", "recall", "imagine", "think", "reflect", "ponder", "pray", "realize", "realise", "recognize", "recognise", "understand", "contemplate", "view", "picture", "envision"]);

/**
 * The performative at `at` asks its hearers to think rather than act: its infinitive is a verb of a
 * mental act ("I ask you to reconcile ...", "I urge every citizen to remember ..."), and what follows
 * names no proposal.
 */
function asksForThought(ts: Token[], at: number): boolean {
  if (!/^(?:ask|urge|request|call|entreat|beg)$/.test(ts[at]?.lemma ?? "")) return false;
  const to = ts.findIndex((t, k) => k > at && k <= at + 8 && t.lower === "to" && ts[k + 1]?.pos === "VERB");
  if (to < 0 || !MENTAL_ACTS.has(ts[to + 1]!.lemma)) return false;
  return !ts.slice(to + 2).some((t) => /^(?:law|bill|legislation|proposal|plan|amendment|resolution|measure|program|reform)s?$/.test(t.lower));
}

/** "I recommend the establishment of a court ... over the following classes:": the proposal is named before the list. */
export function namesItsProposal(ts: Token[], at: number): boolean {
  const after = ts.slice(at + 1, at + 6);
  return !after.some((t) => t.lower === "following" || t.word === ":") && ts.length - at > 8;
}

/**
 * "We propose three reforms.", "I would like to suggest a few things here.": the object counts what
 * follows and the sentence ends there; "we made 17 recommendations to OMB related to ..." says what they are.
 */
function countsWhatFollows(ts: Token[], at: number): boolean {
  // "Here is what we advise instead.", "This is what I propose:": a free relative with nothing
  // after its verb points at what follows; "What I propose is a fund ..." names it and proposes.
  if (ts[at - 2]?.lower === "what" && ts.slice(at + 1).every((t) => t.pos === "ADV" || t.pos === "PUNCT" || t.pos === "PART")) return true;
  const after = ts.slice(at + 1).map((t) => t.lower).join(" ");
  return /^(?:(?:to|that|you|the congress|congress)\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|a few|a number of|some|these|the following)\s+(?:\w+\s+)?(?:reforms|changes|recommendations|steps|measures|proposals|actions|ideas|principles|priorities|options|ways|things|points|suggestions)(?:\s+\S+){0,2}\s*[.:!]?$/.test(after);
}

/**
 * Enumerations inside a sentence. "(a) ... (b) ..." parts whose head, or the sentence before it,
 * proposes ("I have favored an authority ... The Corporation is to be: (a) authorized to buy bonds
 * ...; (b) to make loans ..."); semicolon parts under a head that counts them when the next
 * sentence proposes about "these" ("Three matters await the Senate: the bill ...; the bill ...
 * I need not labor my advice that these measures be enacted"); and "..., and I recommend X; and
 * also that Y": a second complement of the same performative.
 */
function fromEnumerations(doc: Document, a: Analysis): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  doc.sentences.forEach((s, i) => {
    if (doc.blocks[s.block]!.kind === "heading") return;
    const parts = sentenceParts(s.text);
    if (parts.length < 2) return;
    const ts = a.tokens[i]!;
    const partTokens = (p: { start: number; end: number }) => ts.filter((t) => t.start >= s.start + p.start && t.end <= s.start + p.end);
    const take = (p: { start: number; end: number }) => out.push({ text: norm(s.text.slice(p.start, p.end)), start: s.start + p.start, end: s.start + p.end, how: "list", block: s.block, part: true });
    if (parts[1]!.inline) {
      const headTokens = partTokens(parts[0]!);
      const head = readSentence(headTokens);
      const before = i > 0 && doc.sentences[i - 1]!.block === s.block ? a.readings[i - 1]! : undefined;
      // "We asked the participants to identify (1) ... (2) ...": a request told in the past is research, not advice.
      const asked = (r: Reading, ts2: Token[]) => /^(?:ask|request)$/.test(ts2[r.at]?.lemma ?? "") && pastAct(ts2, r.at);
      // "IRS's new plan should include (1) long-term strategies, (2) ...": the parts of one proposal,
      // which the sentence as a whole makes.
      const parts0 = s.text.slice(parts[0]!.start, parts[0]!.end);
      if (/\b(?:include|includes|including|consist of|comprise|such as|contain)\b/i.test(parts0) && !/\b(?:recommend|urge|propose)\w*\b/i.test(parts0)) return;
      const headProposes = proposes(head) && head.kind !== "commitment" && !asked(head, headTokens);
      const beforeProposes = !!before && before.kind === "performative" && !before.negated && !asked(before, a.tokens[i - 1]!);
      if (headProposes || beforeProposes) parts.slice(1).forEach(take);
      return;
    }
    const next = a.readings[i + 1];
    const nextTs = a.tokens[i + 1];
    const counted = /\b(?:two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:\w+\s+){0,3}?\w+s\b/i.test(s.text.slice(parts[0]!.start, parts[0]!.end));
    if (counted && next && nextTs && proposes(next) && nextTs.some((t) => /^(?:these|those|them|such)$/.test(t.lower))) {
      parts.slice(1).forEach(take);
      return;
    }
    parts.forEach((p, k) => {
      // "also" marks a further proposal; "and that such act shall ..." goes on with the same one.
      if (k === 0 || !/^(?:and\s+)?also\s+that\s/i.test(s.text.slice(p.start, p.end))) return;
      const earlier = parts.slice(0, k).some((q) => readSentence(partTokens(q)).kind === "performative");
      if (earlier) take(p);
    });
  });
  return out;
}

/** Whether a token stands inside quotation marks opened earlier in its sentence. */
export function insideQuote(ts: Token[], at: number): boolean {
  let open = 0;
  for (let i = 0; i < at; i++) {
    const w = ts[i]!.word;
    if (w === "“") open++;
    else if (w === "”") open = Math.max(0, open - 1);
    else if (w === '"') open = open ? 0 : 1;
  }
  return open > 0;
}

/** Whether a sentence continues a quotation opened earlier in its paragraph (a quoted email, a script). */
export function quotedFromEarlier(doc: Document, s: { start: number; block: number }): boolean {
  const before = doc.text.slice(doc.blocks[s.block]!.start, s.start);
  return (before.match(/“/g)?.length ?? 0) > (before.match(/”/g)?.length ?? 0);
}

/**
 * A closing recap ("I recommend, then, first ...") repeats what was already proposed. A long
 * message proposes many related things, so only a recap marker or a near-repeat counts.
 */
export function isRestatement(f: FoundRecommendation, kept: FoundRecommendation[]): boolean {
  if (!kept.length) return false;
  const recap = /^\S+(?:\s+\S+)?,\s*(?:then|in short|in sum|again|once more),/i.test(f.text) || /\b(?:to sum up|in conclusion|to summari[sz]e)\b/i.test(f.text);
  const words = contentWords(f.text);
  const before = contentWords(kept.map((k) => k.text).join(" "));
  return words.size > 0 && overlap(words, before) / words.size >= (recap ? 0.5 : 0.8);
}
