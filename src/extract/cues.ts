/** Lexical cues shared by the extractors. Lower-case, apostrophes normalised to '. */

export const ORDINALS: Record<string, number> = {
  first: 1, firstly: 1, second: 2, secondly: 2, third: 3, thirdly: 3, fourth: 4, fourthly: 4, fifth: 5, fifthly: 5,
  sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
};

const ORD = Object.keys(ORDINALS).join("|");

/**
 * An ordinal that announces an item: "First, ...", "Secondly ...", "It would, first of all, ...",
 * "in the third place", "That leads to the fourth criterion", "And, finally, ...".
 * Returns the ordinal's value (Infinity for "finally"/"lastly") or null.
 */
const ORDINAL_PATTERNS: RegExp[] = [
  new RegExp(`^(?:(?:and|but|so|now)[,]?\\s+)?(${ORD})(?:\\s+of\\s+all|\\s+and\\s+(?:finally|lastly))?\\s*[,:;]`),
  new RegExp(`^(?:[\\w']+[,]?\\s+){0,4}(?:in\\s+the\\s+(${ORD})\\s+place|,\\s*(${ORD})\\s+of\\s+all\\s*,)`),
  new RegExp(`^[\\w' ,]{0,30}?,\\s*(${ORD})(?:\\s+of\\s+all)?\\s*,`),
  new RegExp(`^(?:that|this|which)\\s+(?:leads|brings)\\s+(?:us\\s+)?to\\s+(?:the|a|my|our)\\s+(${ORD})\\b`),
  new RegExp(`^(?:the|my|our|a)\\s+(${ORD})\\s+(?:and\\s+(?:last|final)\\s+)?(?:(?:recommendation|proposal|step|priority|principle|criterion|point|measure|element|pillar|area|action|task|goal|lesson|reform|change)s?\\s+)?(?:is|would|should|concerns|involves)\\b`),
  // "The second thing that this plan would change ...", "let me talk about the third thing".
  new RegExp(`^(?:[\\w']+[,]?\\s+){0,6}?(?:the|my|our)\\s+(${ORD})\\s+thing\\b`),
];
const ANY_ORDINAL = new RegExp(`\\b(?:${ORD}|number|finally|lastly|last)\\b`);
const SPOKEN = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

export function ordinalCue(sentence: string): number | null {
  const s = normalizeQuotes(sentence.slice(0, 200)).toLowerCase();
  const head = s.split(/\s+/).slice(0, 9).join(" ");
  // Spoken items labelled by their number: "One: The fighting must stop. Two: ...".
  const label = /^(one|two|three|four|five|six|seven|eight|nine|ten)\s*[:—–]\s*\S/.exec(head);
  if (label) return SPOKEN.indexOf(label[1]!) + 1;
  if (!ANY_ORDINAL.test(head)) return null;
  // "The sixth principle, and the cornerstone of our policy, is to reduce demand": an aside between commas.
  const aside = new RegExp(`^(?:the|my|our)\\s+(${ORD})\\s+\\w+\\s*,[^,]{1,60},\\s*(?:is|would be|should be)\\b`).exec(s);
  if (aside) return ORDINALS[aside[1]!]!;
  for (const re of ORDINAL_PATTERNS) {
    const m = re.exec(head);
    if (m) return ORDINALS[(m[1] ?? m[2])!]!;
  }
  // Spoken enumeration: "Number one, ...", "So number two is ...".
  const m = /^(?:(?:and|so|now)[,]?\s+)?number\s+(one|two|three|four|five|six|seven|eight|nine|ten)\b/.exec(head);
  if (m) return SPOKEN.indexOf(m[1]!) + 1;
  if (/^(?:(?:and|but)[,]?\s+)?(?:finally|lastly|last(?:ly)?\s+but\s+not\s+least|last of all)\s*[,:]/.test(head)) return Infinity;
  return null;
}

/** Words that make a sentence a proposal or call for action rather than a description. */
const DIRECTIVE =
  /\b(should|must|ought to|need(?:s)? to|have to|has to|it is (?:important|necessary|essential|vital|crucial|critical|time) (?:to|that|for)|we(?:'ll| will| shall)|i(?:'ll| will| shall)|let us|let's|(?:i|we) (?:therefore |also |strongly |would )?(?:recommend|propose|urge|suggest|call on|ask)|recommend(?:s|ed)? that|calls? for|requires?|agree on the need|committing|commit to|we agree on|(?:step|priority|task|measure|recommendation|proposal|solution|answer|remedy|reform)s?\s+(?:is|are|would be|should be)\s+to|^(?:the|a)\s+(?:first|second|third|fourth|fifth|sixth|next|last|final|other)\s+(?:\w+\s+)?(?:is|would be|should be)\s+to)\b/;

export function isDirective(sentence: string): boolean {
  return DIRECTIVE.test(normalizeQuotes(sentence).toLowerCase());
}

/** Narration of the past ("First, we met ...") is not a proposal. */
export function isPastNarrative(sentence: string): boolean {
  const s = normalizeQuotes(sentence).toLowerCase();
  return /^(?:\w+,\s*)?(?:we|i|they|he|she|it|the \w+)\s+(?:was|were|had|did|met|made|took|went|saw|found|received|started|began|held|launched|created|built|signed|passed|reduced|increased)\b/.test(
    s.replace(/^(?:first|second|third|fourth|fifth|finally|lastly)\s*,\s*/, ""),
  );
}

/** First words of an imperative recommendation ("Use stories as ...", "Don't let ..."). */
const IMPERATIVE_VERBS = new Set(
  (
    "accept act add address adopt advance align allocate allow amend apply appoint assess assign avoid balance ban be begin boost " +
    "bring build calculate call cap change check choose clarify close collaborate collect combine commit communicate compare " +
    "consider consolidate continue coordinate create cut deal define delegate deliver deploy design develop do document don't " +
    "double drop educate eliminate empower enable encourage end enforce engage enhance ensure establish evaluate expand explain " +
    "explore extend facilitate find fix focus follow form foster frame fund gather give go grant help hire hold identify implement " +
    "improve include incorporate increase initiate integrate introduce invest involve keep launch lead learn leverage limit link " +
    "listen look lower maintain make manage map measure meet minimize mobilize modernize monitor move negotiate offer open " +
    "organize partner pass pay phase plan prepare preserve prevent prioritize prioritise protect provide publish pursue put " +
    "raise reach recognize recognise reconsider record reduce reference refine reform refrain reinforce reject remove renew " +
    "replace report require reset respect restore restructure resume review revise reward run scale secure seek separate " +
    "set share shift simplify speak standardize start stop streamline strengthen structure study submit support sustain take " +
    "talk target teach test think track train treat tie turn understand unify update upgrade use value verify welcome widen work write"
  ).split(/\s+/),
);

const OBJECT_STARTERS = new Set("the a an any every each all more less your our their its this these those some no both fewer whole".split(" "));

/** Words that open headings but are not verbs: articles, pronouns, prepositions, section names. */
const NOT_VERBS = new Set(
  (
    "the a an this that these those our we i you they it its their his her my your in on at for with from by of to as and but or if " +
    "when why how what who where which whose about after before during between under over into across against toward towards " +
    "appendix chapter section part introduction conclusion conclusions background summary overview findings results methods " +
    "references notes table figure key new more most all some many other each every no not one two three four five why " +
    "what's here there now today tomorrow yesterday recent current future next last first second third final executive " +
    "scope purpose context discussion analysis objectives objective agency agencies comments comment highlights contents abstract"
  ).split(/\s+/),
);

/**
 * Whether text opens with an imperative ("Use stories as ...", "Don't let ..."). Known verbs
 * decide at once; otherwise a first word that is not a function word or a section name, and
 * does not look inflected (-s, -ed, -ing, -ly) or nominal (-tion, -ment, -ness), counts.
 */
export function isImperative(text: string): boolean {
  const words = normalizeQuotes(text).trim().split(/[\s,:]+/);
  const first = words[0]?.toLowerCase() ?? "";
  if (IMPERATIVE_VERBS.has(first) || first === "let" || first === "don't" || first === "never") return true;
  if (words.length < 3 || NOT_VERBS.has(first) || !/^[a-z]+$/.test(first)) return false;
  if (/(?:s|ed|ing|ly|tion|sion|ment|ness|ity|ance|ence|al|ic|ive|ous|ful|less|ship|ism|ist|ure|ary|ory)$/.test(first)) return false;
  // An unknown first word counts only when what follows reads as its object ("Meter every well",
  // "Amend, revise ..."): "Bail in the Federal System" or "Senate Office of ..." are names.
  return /^[\w'’]+,/.test(normalizeQuotes(text).trim()) || OBJECT_STARTERS.has(words[1]!);
}

/** Same-length replacement of typographic quotes, so offsets stay valid. */
export function normalizeQuotes(s: string): string {
  return s.replace(/[‘’ʼ]/g, "'").replace(/[“”]/g, '"');
}

const STOP = new Set(
  ("issue talk fact matter point lot kind sort say said " +
  "rather simply still even much such less fewer make makes made take takes need needs way ways thing things like one two three new use used often year years time times part case cases many every within without already really quite however therefore instead while whether either neither first second third last next same another able across around among because since until unless toward towards though although yet nor whose upon via per etc "+
  "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those we our us i you your they their them he she his her not no so than then there here which who whom what when where why how all any both each more most other some such only own same too very can will just should would could may might must do does did has have had also into about over after before between through during without within upon while").split(
    " ",
  ),
);

const WORD = /[a-z0-9']+/g;

/** The content words of a text, lightly stemmed ("meters" and "metering" are "meter"). One pass, no intermediate arrays. */
export function contentWords(s: string): Set<string> {
  const out = new Set<string>();
  const text = (s.includes("’") || s.includes("‘") ? normalizeQuotes(s) : s).toLowerCase();
  for (const m of text.matchAll(WORD)) {
    let w = m[0];
    if (w.includes("'")) {
      w = w.replace(/^'+|'+$/g, "");
      if (w.endsWith("'s")) w = w.slice(0, -2);
    }
    // A function word is dropped before stemming ("this" is not the stem "thi").
    if (w.length < 3 || STOP.has(w)) continue;
    w = stem(w);
    if (w.length > 2 && !STOP.has(w)) out.add(w);
  }
  return out;
}

/** "countries" is "country", "meters" and "metering" are "meter", "used" is "us". */
function stem(w: string): string {
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.endsWith("ing")) return w.slice(0, -3);
  if (w.endsWith("ed") || w.endsWith("es")) return w.slice(0, -2);
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

export function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}
