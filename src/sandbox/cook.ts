import { createHash } from "node:crypto";
import { escapeHtml } from "../render/html.ts";

/**
 * A small Markdown renderer for the sandbox's `cooked` field: enough of what our threads and
 * participants write (paragraphs, emphasis, links, lists, quotes, headings, polls) to read well.
 * Everything is escaped first; only the markup we generate is HTML.
 */

/** CommonMark's escapable characters: ASCII punctuation (markdown-it, which Discourse cooks with). */
const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;
/** A placeholder that cannot occur in cooked text: NUL is stripped from raw before cooking. */
const HOLE = (i: number) => `\u0000${i}\u0000`;

/**
 * Inline Markdown. Code spans and backslash escapes are set aside first, as markdown-it does,
 * so `\[text\](https://…)` stays the literal text `[text](…)` rather than becoming a link whose
 * words hide its target; bare http(s) URLs are then linked, as Discourse's linkify does.
 */
function inline(s: string): string {
  const held: string[] = [];
  const hold = (html: string) => HOLE(held.push(html) - 1);
  let t = s.replace(/\u0000/g, "").replace(/`([^`]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  t = t.replace(ESCAPABLE, (_m, ch: string) => hold(escapeHtml(ch)));
  t = escapeHtml(t);
  t = t.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  t = t.replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
  // A link's words are set aside too, so linkify never nests a link inside one.
  t = t.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+|\/[^)\s]*)\)/g, (_m, text: string, href: string) => hold(`<a href="${href}">${text}</a>`));
  t = t.replace(/(^|[\s(])(https?:\/\/[^\s<\u0000]*[^\s<\u0000.,;:!?)'"])/g, '$1<a href="$2">$2</a>');
  t = t.replace(/(^|[\s(])@([\w.-]+\w)/g, '$1<a class="mention" href="/u/$2">@$2</a>');
  // Held pieces may hold others (an escape inside a link's words): restore until none is left.
  while (t.includes("\u0000")) t = t.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => held[Number(i)]!);
  return t;
}

/** Post#link_count as the new-user link limit counts it: links in the cooked post, mentions aside. */
export function linkCount(cooked: string): number {
  return [...cooked.matchAll(/<a\s([^>]*)>/g)].filter((m) => !/class="mention"/.test(m[1]!)).length;
}

/** Post#raw_mentions: distinct @names in the raw text. */
export function mentionCount(raw: string): number {
  return new Set([...raw.matchAll(/(?:^|[^\w@/])@([\w.-]*\w)/g)].map((m) => m[1]!.toLowerCase())).size;
}

export interface ParsedPoll {
  name: string;
  type: string;
  results: string;
  public: boolean;
  status: string;
  title: string | null;
  options: { id: string; html: string }[];
}

/** Option ids are md5 of JSON.stringify([text]), as Discourse's poll plugin computes them. */
export function pollOptionId(text: string): string {
  return createHash("md5").update(JSON.stringify([text])).digest("hex");
}

const POLL_RE = /\[poll([^\]]*)\]([\s\S]*?)\[\/poll\]/g;

export function parsePolls(raw: string): ParsedPoll[] {
  const polls: ParsedPoll[] = [];
  for (const m of raw.matchAll(POLL_RE)) {
    const attrs = Object.fromEntries(
      [...m[1]!.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((a) => [a[1]!, a[2]!.replace(/^"|"$/g, "")]),
    );
    const lines = m[2]!.split("\n").map((l) => l.trim());
    const title = lines.find((l) => l.startsWith("# "))?.slice(2).trim() ?? null;
    const options = lines
      .filter((l) => /^[*-]\s+/.test(l))
      .map((l) => l.replace(/^[*-]\s+/, ""))
      .map((text) => ({ id: pollOptionId(text), html: inline(text) }));
    polls.push({
      name: attrs.name ?? "poll",
      type: attrs.type ?? "regular",
      results: attrs.results ?? "always",
      public: attrs.public === "true",
      status: attrs.status ?? "open",
      title,
      options,
    });
  }
  return polls;
}

/** The poll rules Discourse enforces when a post is saved; messages as its poll plugin words them. */
export function pollErrors(polls: ParsedPoll[]): string[] {
  const errors: string[] = [];
  const names = new Set<string>();
  for (const p of polls) {
    if (names.has(p.name)) {
      errors.push(p.name === "poll" ? "There are multiple polls without a name." : `There are multiple polls with the same name: ${p.name}.`);
    }
    names.add(p.name);
    const ids = p.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length) errors.push(p.name === "poll" ? "Poll must have different options." : `Poll named ${p.name} must have different options.`);
    if (p.options.length < 1) errors.push(p.name === "poll" ? "Poll must have at least 1 option." : `Poll named ${p.name} must have at least 1 option.`);
    if (p.options.length > 20) errors.push(p.name === "poll" ? "Poll cannot have more than 20 options." : `Poll named ${p.name} cannot have more than 20 options.`);
  }
  return errors;
}

export function cook(raw: string): string {
  const withoutComments = raw.replace(/\u0000/g, "").replace(/<!--[\s\S]*?-->/g, "");
  const blocks: string[] = [];
  const pollHtml = (attrs: string) => `<div class="poll" data-poll-name="${escapeHtml(/name=(\S+)/.exec(attrs)?.[1] ?? "poll")}"></div>`;
  const text = withoutComments.replace(POLL_RE, (_m, attrs: string) => `\n\n\u0000POLL${blocks.push(pollHtml(attrs)) - 1}\u0000\n\n`);
  const out: string[] = [];
  for (const para of text.split(/\n{2,}/)) {
    const p = para.replace(/^\n+|\n+$/g, "");
    if (!p.trim()) continue;
    const poll = /^\u0000POLL(\d+)\u0000$/.exec(p.trim());
    if (poll) {
      out.push(blocks[Number(poll[1])]!);
      continue;
    }
    const lines = p.split("\n");
    const heading = /^(#{1,6})\s+(.*)$/.exec(p);
    if (heading && lines.length === 1) {
      out.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`);
    } else if (lines.every((l) => /^\s*[*-]\s+/.test(l))) {
      out.push(`<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[*-]\s+/, ""))}</li>`).join("")}</ul>`);
    } else if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) {
      out.push(`<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ""))}</li>`).join("")}</ol>`);
    } else if (lines.every((l) => l.startsWith(">"))) {
      out.push(`<blockquote><p>${lines.map((l) => inline(l.replace(/^>\s?/, ""))).join("<br>\n")}</p></blockquote>`);
    } else {
      out.push(`<p>${lines.map(inline).join("<br>\n")}</p>`);
    }
  }
  return out.join("\n");
}
