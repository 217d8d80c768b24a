import type { Digest } from "./compute.ts";
import { FULL_DETAIL, renderDigestMarkdown, type MarkdownDetail } from "./render.ts";

/**
 * Discourse refuses a post over max_post_length (32,000 characters by default: "Body is limited
 * to 32000 characters"). postDigest appends a hidden marker line (under 150 characters) and
 * Discourse counts characters where JavaScript counts UTF-16 units (never fewer), so 31,500 of
 * ours always fit.
 */
export const DIGEST_MAX_CHARS = 31_500;

const LEAN = { names: 0, newReplies: 0, topPosts: 0, excerpt: 80, answeredBy: 0, counterarguments: false, poll: false };

/** Less and less detail: shorter lists and excerpts, then counts only, then one line per thread, then fewer threads. */
export const DETAIL_LEVELS: readonly MarkdownDetail[] = [
  FULL_DETAIL,
  { names: 10, newReplies: 5, topPosts: 3, excerpt: 160, answeredBy: 5, counterarguments: true, poll: true, sections: true, maxThreads: Infinity },
  { names: 5, newReplies: 3, topPosts: 1, excerpt: 120, answeredBy: 3, counterarguments: true, poll: true, sections: true, maxThreads: Infinity },
  { names: 0, newReplies: 1, topPosts: 0, excerpt: 100, answeredBy: 0, counterarguments: true, poll: true, sections: true, maxThreads: Infinity },
  { ...LEAN, sections: true, maxThreads: Infinity },
  ...[Infinity, 200, 100, 50, 20, 5, 0].map((maxThreads) => ({ ...LEAN, sections: false, maxThreads })),
];

/**
 * The most detailed rendering of the digest that fits one forum post. Totals and per-thread
 * counts survive every level; what is left out is named, and the dashboard linked, by the
 * renderer. Should even the leanest not fit (thousands of threads with 255-character titles), it is
 * cut at a line, saying so: a digest is never refused for its length.
 */
export function fitDigestMarkdown(d: Digest, limit = DIGEST_MAX_CHARS): string {
  let md = "";
  for (const detail of DETAIL_LEVELS) {
    md = renderDigestMarkdown(d, detail, { giveUpAfter: limit });
    if (md.length <= limit) return md;
  }
  const note = `\n\n… (cut to fit one post${d.dashboardUrl ? `; the rest is on [the dashboard](${d.dashboardUrl})` : ""})`;
  const room = Math.max(0, limit - note.length);
  const head = md.slice(0, room);
  const atLine = head.lastIndexOf("\n");
  return `${atLine > 0 ? head.slice(0, atLine) : head}${note}`.slice(0, limit);
}
