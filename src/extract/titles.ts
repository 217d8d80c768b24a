import { normalizeQuotes } from "./cues.ts";

const LEADS = [
  /^(?:and|but|so|now)[,]?\s+/i,
  /^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|finally|lastly|firstly|secondly|thirdly)(?:\s+of\s+all)?\s*[,:]\s*/i,
  /^in\s+the\s+\w+\s+place\s*,\s*/i,
  /^(?:that|this)\s+(?:leads|brings)\s+(?:us\s+)?to\s+the\s+\w+\s+\w+\s*,\s*(?:namely\s+)?(?:that\s+)?/i,
  /^for\s+our\s+part\s*,\s*/i,
  /^(?:the|a|my|our)\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|last|final|other)\s+(?:\w+\s+)?(?:is|would\s+be|should\s+be)\s+to\s+/i,
  /^(?:so\s+|and\s+)?(?:today|tonight|now)?\s*,?\s*(?:i|we)\s+(?:am|are)\s+(?:also\s+)?(?:proposing|asking|calling\s+on)\s+/i,
  /^(?:i|we)\s+will\s+(?:also\s+)?/i,
  /^(?:the\s+)?(?:legislature|congress|parliament|council|government|house|senate|administration|department|agency|states|cities|councils)\s+to\s+/i,
  /^(?:i|we)\s+(?:therefore\s+|also\s+|strongly\s+)?(?:recommend|propose|urge)(?:\s+to\s+the\s+\w+)?(?:\s+that)?\s+/i,
  /^it\s+is\s+(?:important|necessary|essential|vital|crucial|critical|time)\s+(?:for\s+[\w\s]+?\s+)?(?:to|that)\s+/i,
  /^(?:we|they|the\s+two\s+sides)\s+(?:must|should|need\s+to)\s+(?:then\s+)?/i,
  /^if\s+[^,]{0,80},\s*(?:the\s+two\s+sides\s+|we\s+|they\s+)?(?:must\s+|should\s+)?(?:then\s+)?/i,
];

/**
 * A short label for a Discourse topic title: the recommendation's first clause, without its
 * ordinal and throat-clearing, capitalised, cut at a word boundary. Discourse wants 15-255 characters.
 */
export function titleFor(text: string, max = 90): string {
  let t = normalizeQuotes(text).split(/(?<=[.!?])\s+/)[0]!.trim();
  for (let pass = 0; pass < 3; pass++) for (const re of LEADS) t = t.replace(re, "");
  t = t.replace(/\s*\(Recommendation \d+\)\s*/g, " ").replace(/[.;:,\s]+$/, "").trim();
  if (t.length > max) {
    const cut = t.slice(0, max + 1);
    const clause = cut.search(/[,;:–—-]\s[^,;:]*$/);
    t = (clause > 40 ? cut.slice(0, clause) : cut.slice(0, cut.lastIndexOf(" "))).replace(/[.;:,\s]+$/, "") + "…";
  }
  t = t.charAt(0).toUpperCase() + t.slice(1);
  return t;
}

/**
 * Discourse rejects duplicate titles. Items that share a long opening ("The Secretary of State
 * should ensure that ...") are titled by what differs; remaining repeats are numbered.
 */
export function uniqueTitles(titles: string[], texts: string[] = []): string[] {
  const out = titles.map((t, i) => {
    const twins = titles.map((u, j) => (u === t && j !== i ? j : -1)).filter((j) => j >= 0);
    if (!twins.length || !texts[i]) return t;
    const words = texts[i]!.split(/\s+/);
    let common = words.length;
    for (const j of twins) {
      const other = (texts[j] ?? "").split(/\s+/);
      let k = 0;
      while (k < words.length && words[k] === other[k]) k++;
      common = Math.min(common, k);
    }
    return common >= 4 && common < words.length - 3 ? titleFor(words.slice(common).join(" ")) : t;
  });
  const seen = new Map<string, number>();
  return out.map((t) => {
    const key = t.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? t : `${t} (${n})`;
  });
}
