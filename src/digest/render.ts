import { inert, safeHref, stripControls } from "../render/html.ts";
import type { Digest, DigestReply } from "./compute.ts";

/**
 * Forum text is untrusted. Quoted back into a post it must not ping anyone or smuggle markup:
 * Markdown specials are escaped and a zero-width space after "@" keeps Discourse from
 * turning "@name" into a mention (and a notification). NUL bytes and bidi controls are dropped:
 * they could hide or reorder the words of the digest around them.
 */
export function neutralise(text: string): string {
  return stripControls(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]#|~])/g, "\\$1")
    .replace(/@(?=[\w.-])/g, "@\u200b")
    .replace(/:(\w+):/g, ":\u200b$1:");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "the start");

/** How much a Markdown digest spells out; fit.ts lowers it until the digest fits one forum post. */
export interface MarkdownDetail {
  /** Participant names listed per thread (0: the count only). */
  names: number;
  /** New replies quoted per thread. */
  newReplies: number;
  topPosts: number;
  /** Longest quoted excerpt, in characters. */
  excerpt: number;
  /** Names listed per answered counterargument (0: the count only). */
  answeredBy: number;
  /** Each counterargument on its own line (else one line of counts). */
  counterarguments: boolean;
  poll: boolean;
  /** A section per thread (else one line per thread). */
  sections: boolean;
  /** Threads shown at all; the rest are counted. */
  maxThreads: number;
}

export const FULL_DETAIL: MarkdownDetail = { names: 25, newReplies: 10, topPosts: 3, excerpt: 200, answeredBy: 10, counterarguments: true, poll: true, sections: true, maxThreads: Infinity };

/** "ana, ben", or "523: ana, ben and 521 more" when the list is cut, or "523" with no names. */
function namesOf(names: readonly string[], count: number, max: number): string {
  const shown = names.slice(0, max).map(neutralise);
  if (!shown.length) return String(count);
  return count > shown.length ? `${count}: ${shown.join(", ")} and ${count - shown.length} more` : shown.join(", ");
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max - 1);
  return `${text.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s…]+$/, "")}…`;
}

/**
 * The digest as a forum post, at the given detail. Lists are cut to the detail's lengths and
 * say how many they leave out; every count is always stated. Forum text is neutralised.
 */
export function renderDigestMarkdown(d: Digest, detail: MarkdownDetail = FULL_DETAIL, o: { giveUpAfter?: number } = {}): string {
  const out: string[] = [];
  // A caller that only wants a rendering under some length can stop a long one early.
  let size = 0;
  let counted = 0;
  let countedLines = 0;
  const over = () => {
    if (o.giveUpAfter === undefined) return false;
    for (; counted < out.length; counted++) size += out[counted]!.length;
    for (; countedLines < lines.length; countedLines++) size += lines[countedLines]!.length;
    return size > o.giveUpAfter;
  };
  const reply = (r: DigestReply, withCounts: boolean) =>
    `- [#${r.postNumber}](${r.url}) ${neutralise(r.username)}${withCounts ? ` (${plural(r.likes, "like")}, ${r.replies} ${r.replies === 1 ? "reply" : "replies"})` : ""}: ${neutralise(shorten(r.excerpt, detail.excerpt))}`;
  out.push(`## Reply digest: ${neutralise(d.title)}`);
  out.push(`From ${when(d.since)} to ${when(d.until)}: **${d.totals.newReplies}** new ${d.totals.newReplies === 1 ? "reply" : "replies"} across ${d.totals.threads} released ${d.totals.threads === 1 ? "thread" : "threads"}; ${plural(d.totals.participants, "participant")} so far; ${plural(d.totals.standingCounterarguments, "counterargument")} still unanswered.`);
  if (!d.threads.length) out.push("No thread has been released yet.");
  const threads = d.threads.slice(0, detail.maxThreads);
  let cut = threads.length < d.threads.length;
  const lines: string[] = [];
  for (const t of threads) {
    if (over()) break;
    const { newReplyCount: newCount, participantCount, newParticipantCount } = t;
    const standing = t.counterarguments.filter((c) => c.status === "standing").length;
    if (!detail.sections) {
      lines.push(
        `- [${neutralise(t.title)}](${t.url}): ${newCount} new, ${t.totalReplies} in all; ${plural(participantCount, "participant")} (${newParticipantCount} new)${t.counterarguments.length ? `; ${standing} of ${t.counterarguments.length} counterarguments standing` : ""}.`,
      );
      continue;
    }
    out.push(`### [${neutralise(t.title)}](${t.url})`);
    const names = detail.names > 0 ? `Participants: ${participantCount ? namesOf(t.participants, participantCount, detail.names) : "none yet"}${newParticipantCount ? ` (new: ${namesOf(t.newParticipants, newParticipantCount, detail.names)})` : ""}.` : `${plural(participantCount, "participant")}, ${newParticipantCount} new.`;
    out.push(`${newCount} new, ${t.totalReplies} in all${t.editedReplies ? `, ${t.editedReplies} edited` : ""}${t.deletedReplies ? `, ${t.deletedReplies} deleted` : ""}. ${names}`);
    if (participantCount > Math.min(detail.names, t.participants.length) || newParticipantCount > Math.min(detail.names, t.newParticipants.length)) cut = true;
    const fresh = t.newReplies.slice(0, detail.newReplies);
    if (fresh.length) {
      out.push(newCount > fresh.length ? `**New replies** (the ${fresh.length === 1 ? "" : `${fresh.length} `}most liked and answered of ${newCount})` : "**New replies**");
      out.push(fresh.map((r) => reply(r, false)).join("\n"));
    }
    if (newCount > fresh.length) cut = true;
    if (t.counterarguments.length && detail.counterarguments) {
      out.push("**Counterarguments**");
      out.push(
        t.counterarguments
          .map((c) => {
            const by = c.status === "answered" ? `answered by ${detail.answeredBy > 0 ? namesOf(c.answeredBy, c.answeredByCount, detail.answeredBy) : plural(c.answeredByCount, "participant")}` : "**still standing**";
            const text = neutralise(shorten(c.excerpt, detail.excerpt));
            return `- ${by}: ${c.url ? `[${text}](${c.url})` : text}`;
          })
          .join("\n"),
      );
    } else if (t.counterarguments.length) out.push(`Counterarguments: ${standing} of ${t.counterarguments.length} still standing.`);
    if (t.poll && detail.poll) {
      const counted = t.poll.options.some((o) => o.votes !== null);
      out.push(`**Poll** (${t.poll.voters} ${t.poll.voters === 1 ? "voter" : "voters"}): ${counted ? t.poll.options.map((o) => `${neutralise(o.text)} ${o.votes ?? 0}`).join(" · ") : "results hidden until the poll closes"}`);
    }
    const top = t.topPosts.slice(0, detail.topPosts);
    if (top.length) {
      out.push("**Top posts**");
      out.push(top.map((r) => reply(r, true)).join("\n"));
    }
  }
  if (lines.length) out.push(lines.join("\n"));
  if (threads.length < d.threads.length) out.push(`… and ${d.threads.length - threads.length} more ${d.threads.length - threads.length === 1 ? "thread" : "threads"}.`);
  if (d.dashboardUrl) out.push(`${cut ? "Every figure, participant and reply" : "Every figure"} is on [the dashboard](${d.dashboardUrl}); every reply is in its thread.`);
  else if (cut) out.push("Every reply is in its thread on the forum.");
  return out.join("\n\n");
}

/** The digest for the console: every forum-sourced string inert, links only to http(s) URLs. */
export function renderDigestHtml(d: Digest): string {
  const e = inert;
  const link = (url: string | null, text: string) => {
    const href = url === null ? undefined : safeHref(url);
    return href ? `<a href="${href}">${e(text)}</a>` : e(text);
  };
  const threads = d.threads
    .map((t) => {
      const replies = t.newReplies.map((r) => `<li>${link(r.url, `#${r.postNumber}`)} <b>${e(r.username)}</b>: ${e(r.excerpt)}</li>`).join("");
      const cas = t.counterarguments
        .map((c) => `<li class="${c.status}">${c.status === "answered" ? `answered by ${e(c.answeredBy.join(", "))}` : "<b>still standing</b>"}: ${link(c.url, c.excerpt)}</li>`)
        .join("");
      const poll = t.poll
        ? `<p>Poll, ${plural(t.poll.voters, "voter")}: ${t.poll.options.map((o) => `${e(o.text)} <b>${o.votes ?? "?"}</b>`).join(" · ")}</p>`
        : "";
      const top = t.topPosts.map((r) => `<li>${link(r.url, `#${r.postNumber}`)} ${e(r.username)} (${r.likes} likes, ${r.replies} replies): ${e(r.excerpt)}</li>`).join("");
      return `<section><h3>${link(t.url, t.title)}</h3><p>${t.newReplyCount ?? t.newReplies.length} new, ${t.totalReplies} in all. Participants: ${e(t.participants.join(", ") || "none yet")}</p>
${replies ? `<h4>New replies</h4><ul>${replies}</ul>` : ""}${cas ? `<h4>Counterarguments</h4><ul>${cas}</ul>` : ""}${poll}${top ? `<h4>Top posts</h4><ul>${top}</ul>` : ""}</section>`;
    })
    .join("\n");
  return `<h2>Reply digest: ${e(d.title)}</h2><p>From ${e(when(d.since))} to ${e(when(d.until))}: <b>${d.totals.newReplies}</b> new ${d.totals.newReplies === 1 ? "reply" : "replies"}, ${plural(d.totals.participants, "participant")}, ${plural(d.totals.standingCounterarguments, "counterargument")} standing.</p>${threads}`;
}
