import type { SiteSettings } from "./settings.ts";

/**
 * Discourse's topic and post validations that need no other record, with its messages. Each
 * returns every error that applies, in the order Discourse's validators run, because Rails
 * collects them all (app/models/topic.rb `validates :title`, lib/validators/post_validator.rb).
 * Pure functions: the forum's rules call them, tests call them directly.
 */

export const EXTERNAL_ID_MAX = 50; // app/models/topic.rb EXTERNAL_ID_MAX_LENGTH

/** TextSentinel#entropy (lib/text_sentinel.rb): unique bytes of the stripped text. */
export function entropy(text: string): number {
  return new Set(Buffer.from(text.trim(), "utf8")).size;
}

/** TextSentinel's checks in the order #valid? runs them; `undefined` when the text passes. */
function sentinelFailure(text: string, o: { minEntropy: number; maxWordLength?: number; allowUppercase: boolean }): "meaningful" | "pronounceable" | "unpretentious" | "quiet" | "blank" | undefined {
  if (!text.trim()) return "blank";
  if (entropy(text) < o.minEntropy) return "meaningful";
  if (!/[\p{L}\p{N}]/u.test(text)) return "pronounceable";
  if (o.maxWordLength !== undefined && new RegExp(`[\\p{L}\\p{N}]{${o.maxWordLength + 1},}`, "u").test(text)) return "unpretentious";
  if (!o.allowUppercase && !/[\p{Ll}\p{Lo}]/u.test(text) && /\p{L}/u.test(text)) return "quiet";
  return undefined;
}

/** StrippedLengthValidator: HTML comments out, emoji shortcodes count as one, whitespace trimmed. */
export function strippedLength(raw: string): number {
  return raw
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/:\w+:/g, "x")
    .replace(/\.\./g, "…")
    .trim().length;
}

function allCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** TextCleaner.clean_title (title_prettify): what Discourse stores from what the client sent. */
export function prettifyTitle(title: string): string {
  let t = title.replace(/\s+/g, " ").trim();
  if (allCaps(t)) t = t.toLowerCase();
  if (/^[a-z]/.test(t) && t === t.toLowerCase()) t = t[0]!.toUpperCase() + t.slice(1);
  t = t.replace(/!{2,}/g, "!").replace(/\?{2,}/g, "?");
  t = t.replace(/(?<!\.)\.$/, "");
  return t;
}

/**
 * Topic title validations in declaration order: presence, TopicTitleLengthValidator (admins
 * 1..max), QualityTitleValidator (lib/validators/quality_title_validator.rb, TextSentinel.title_sentinel),
 * unique_among (duplicate titles).
 */
export function titleErrors(title: string | undefined, s: SiteSettings, o: { admin: boolean; duplicate: (t: string) => boolean }): string[] {
  if (title === undefined || title.trim() === "") return ["Title can't be blank"];
  const t = prettifyTitle(title);
  const errors: string[] = [];
  const min = o.admin ? 1 : s.min_topic_title_length;
  if (t.length < min) errors.push(`Title is too short (minimum is ${min} characters)`);
  if (t.length > s.max_topic_title_length) errors.push(`Title is too long (maximum is ${s.max_topic_title_length} characters)`);
  const minEntropy = s.min_topic_title_length > s.title_min_entropy ? s.title_min_entropy : Math.floor(s.min_topic_title_length * 0.7);
  const failure = sentinelFailure(t, { minEntropy, maxWordLength: s.title_max_word_length, allowUppercase: s.allow_uppercase_posts });
  if (failure === "meaningful") errors.push("Title seems unclear, most of the words contain the same letters over and over?");
  else if (failure === "unpretentious") errors.push("Title seems unclear, one or more words is very long?");
  else if (failure === "quiet") errors.push("Title seems unclear, did you mean to enter it in ALL CAPS?");
  else if (failure) errors.push("Title seems unclear, is it a complete sentence?");
  if (o.duplicate(t)) errors.push("Title has already been used");
  return errors;
}

/** app/models/topic.rb `validates :external_id`: uniqueness (case-insensitive), length, format; all reported. */
export function externalIdErrors(externalId: string | undefined, taken: (id: string) => boolean): string[] {
  if (externalId === undefined || externalId === "") return [];
  const errors: string[] = [];
  if (taken(externalId)) errors.push("External has already been taken");
  if (externalId.length > EXTERNAL_ID_MAX) errors.push(`External is too long (maximum is ${EXTERNAL_ID_MAX} characters)`);
  if (!/^[\w-]+$/.test(externalId)) errors.push("External is invalid");
  return errors;
}

/**
 * PostValidator#stripped_length and #raw_quality (TextSentinel.body_sentinel): length, then one
 * generic "seems unclear" for any sentinel failure. A missing body counts as "" (too short).
 */
export function bodyErrors(raw: string | undefined, s: SiteSettings, o: { firstPost: boolean }): string[] {
  const text = (raw ?? "").replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ");
  const min = o.firstPost ? s.min_first_post_length : s.min_post_length;
  const len = strippedLength(text);
  if (len < min) return [`Body is too short (minimum is ${min} characters)`];
  const errors: string[] = [];
  if (text.length > s.max_post_length) errors.push(`Body is limited to ${s.max_post_length} characters; you entered ${text.length}.`);
  const minEntropy = s.body_min_entropy > s.min_post_length ? Math.floor(s.min_post_length * 0.7) : s.body_min_entropy;
  if (sentinelFailure(text, { minEntropy, allowUppercase: s.allow_uppercase_posts })) errors.push("Body seems unclear, is it a complete sentence?");
  return errors;
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
