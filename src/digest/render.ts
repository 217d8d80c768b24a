import { inert, safeHref, stripControls } from "../render/html.ts";
import type { Digest } from "./compute.ts";

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

export function renderDigestMarkdown(d: Digest): string {
  const out: string[] = [];
  out.push(`## Reply digest: ${neutralise(d.title)}`);
  out.push(`From ${when(d.since)} to ${when(d.until)}: **${d.totals.newReplies}** new ${d.totals.newReplies === 1 ? "reply" : "replies"} across ${d.totals.threads} released ${d.totals.threads === 1 ? "thread" : "threads"}; ${plural(d.totals.participants, "participant")} so far; ${plural(d.totals.standingCounterarguments, "counterargument")} still unanswered.`);
  if (!d.threads.length) out.push("No thread has been released yet.");
  for (const t of d.threads) {
    out.push(`### [${neutralise(t.title)}](${t.url})`);
    out.push(`${t.newReplies.length} new, ${t.totalReplies} in all${t.editedReplies ? `, ${t.editedReplies} edited` : ""}${t.deletedReplies ? `, ${t.deletedReplies} deleted` : ""}. Participants: ${t.participants.length ? t.participants.map((u) => neutralise(u)).join(", ") : "none yet"}${t.newParticipants.length ? ` (new: ${t.newParticipants.map(neutralise).join(", ")})` : ""}.`);
    if (t.newReplies.length) {
      out.push("**New replies**");
      out.push(t.newReplies.slice(0, 10).map((r) => `- [#${r.postNumber}](${r.url}) ${neutralise(r.username)}: ${neutralise(r.excerpt)}`).join("\n") + (t.newReplies.length > 10 ? `\n- … and ${t.newReplies.length - 10} more` : ""));
    }
    if (t.counterarguments.length) {
      out.push("**Counterarguments**");
      out.push(
        t.counterarguments
          .map((c) => `- ${c.status === "answered" ? `answered by ${c.answeredBy.map(neutralise).join(", ")}` : "**still standing**"}: ${c.url ? `[${neutralise(c.excerpt)}](${c.url})` : neutralise(c.excerpt)}`)
          .join("\n"),
      );
    }
    if (t.poll) {
      const counted = t.poll.options.some((o) => o.votes !== null);
      out.push(`**Poll** (${t.poll.voters} ${t.poll.voters === 1 ? "voter" : "voters"}): ${counted ? t.poll.options.map((o) => `${neutralise(o.text)} ${o.votes ?? 0}`).join(" · ") : "results hidden until the poll closes"}`);
    }
    if (t.topPosts.length) {
      out.push("**Top posts**");
      out.push(t.topPosts.map((r) => `- [#${r.postNumber}](${r.url}) ${neutralise(r.username)} (${r.likes} likes, ${r.replies} replies): ${neutralise(r.excerpt)}`).join("\n"));
    }
  }
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
      return `<section><h3>${link(t.url, t.title)}</h3><p>${t.newReplies.length} new, ${t.totalReplies} in all. Participants: ${e(t.participants.join(", ") || "none yet")}</p>
${replies ? `<h4>New replies</h4><ul>${replies}</ul>` : ""}${cas ? `<h4>Counterarguments</h4><ul>${cas}</ul>` : ""}${poll}${top ? `<h4>Top posts</h4><ul>${top}</ul>` : ""}</section>`;
    })
    .join("\n");
  return `<h2>Reply digest: ${e(d.title)}</h2><p>From ${e(when(d.since))} to ${e(when(d.until))}: <b>${d.totals.newReplies}</b> new ${d.totals.newReplies === 1 ? "reply" : "replies"}, ${plural(d.totals.participants, "participant")}, ${plural(d.totals.standingCounterarguments, "counterargument")} standing.</p>${threads}`;
}
