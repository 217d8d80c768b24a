/**
 * Discourse's post and topic rules with its default site settings and its messages
 * (PostCreator#valid?, TopicTitleLengthValidator, QualityTitleValidator, TextSentinel,
 * StrippedLengthValidator). Pure functions: the sandbox's routes call them, tests call them directly.
 */

export const LIMITS = {
  minTitle: 15,
  maxTitle: 255,
  minPost: 20,
  maxPost: 32000,
  titleMinEntropy: 10,
  bodyMinEntropy: 7,
  titleMaxWordLength: 30,
  externalIdMax: 50,
} as const;

/** TextSentinel#entropy: unique characters, roughly. */
export function entropy(text: string): number {
  return new Set(text.toLowerCase().replace(/\s+/g, "")).size;
}

function allCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** StrippedLengthValidator: comments out, emoji shortcodes count as one, whitespace trimmed. */
export function strippedLength(raw: string): number {
  return raw
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/:\w+:/g, "x")
    .replace(/\.\./g, "…")
    .trim().length;
}

/** title_prettify: what Discourse stores from what the client sent. */
export function prettifyTitle(title: string): string {
  let t = title.replace(/\s+/g, " ").trim();
  if (allCaps(t)) t = t.toLowerCase();
  if (/^[a-z]/.test(t) && t === t.toLowerCase()) t = t[0]!.toUpperCase() + t.slice(1);
  t = t.replace(/!{2,}/g, "!").replace(/\?{2,}/g, "?");
  t = t.replace(/(?<!\.)\.$/, "");
  return t;
}

export function titleErrors(title: string | undefined, o: { admin: boolean; duplicate: (t: string) => boolean }): string[] {
  if (title === undefined || title.trim() === "") return ["Title can't be blank"];
  const t = prettifyTitle(title);
  const min = o.admin ? 1 : LIMITS.minTitle;
  if (t.length < min) return [`Title is too short (minimum is ${min} characters)`];
  if (t.length > LIMITS.maxTitle) return [`Title is too long (maximum is ${LIMITS.maxTitle} characters)`];
  if (entropy(t) < Math.min(LIMITS.titleMinEntropy, LIMITS.minTitle)) {
    return ["Title seems unclear, most of the words contain the same letters over and over?"];
  }
  if (t.split(/\s+/).some((w) => w.length > LIMITS.titleMaxWordLength)) return ["Title seems unclear, one or more words is very long?"];
  if (o.duplicate(t)) return ["Title has already been used"];
  return [];
}

export function externalIdErrors(externalId: string | undefined, taken: (id: string) => boolean): string[] {
  if (externalId === undefined || externalId === "") return [];
  if (externalId.length > LIMITS.externalIdMax) return [`External is too long (maximum is ${LIMITS.externalIdMax} characters)`];
  if (!/^[\w-]+$/.test(externalId)) return ["External is invalid"];
  if (taken(externalId)) return ["External has already been taken"];
  return [];
}

export function bodyErrors(raw: string | undefined, o: { staff: boolean; recentDuplicate: boolean }): string[] {
  const text = (raw ?? "").replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ");
  const len = strippedLength(text);
  if (len < LIMITS.minPost) return [`Body is too short (minimum is ${LIMITS.minPost} characters)`];
  if (text.length > LIMITS.maxPost) return [`Body is limited to ${LIMITS.maxPost} characters; you entered ${text.length}.`];
  if (entropy(text) < LIMITS.bodyMinEntropy) return ["Body seems unclear, is it a complete sentence?"];
  if (allCaps(text) && text.replace(/[^\p{L}]/gu, "").length > 10) return ["Body seems unclear, did you mean to enter it in ALL CAPS?"];
  if (!o.staff && o.recentDuplicate) return ["Body is too similar to what you recently posted"];
  return [];
}

/** Rails' slug for a title, as Discourse's Slug.for does in ascii mode. */
export function slugFor(title: string): string {
  const s = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, "")
    .trim()
    .replace(/[\s-]+/g, "-")
    .replace(/^-|-$/g, "");
  return s || "topic";
}
