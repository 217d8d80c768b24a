import { renderDigestHtml } from "../../digest/render.ts";
import { excerpt } from "../../digest/compute.ts";
import { escapeHtml as e, htmlToText, inert, safeHref } from "../../render/html.ts";
import type { ThreadStatus } from "../../status.ts";
import type { StoredDigest } from "../../store/digests.ts";
import type { LedgerEntry, PollResult } from "../../store/views.ts";
import type { SeminarView, ThreadView } from "../seminar-view.ts";
import { replyChartSvg } from "./chart.ts";
import { actionForm, flashHtml, page, type Flash } from "./layout.ts";
import { relative, timeTag } from "./time.ts";

/** A release this much after its slot, with no downtime to blame, is called late. */
const LATE_AFTER_MS = 15 * 60_000;

export interface PageContext {
  csrf: string;
  flash?: Flash;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const link = (url: string | null | undefined, html: string) => {
  const href = url ? safeHref(url) : undefined;
  return href ? `<a href="${href}">${html}</a>` : html;
};
const who = (username: string | null) => inert(username ?? "(deleted user)");

export function actionPath(seminarId: string, action: string): string {
  return `/seminars/${encodeURIComponent(seminarId)}/actions/${action}`;
}

/** The seminar page: timeline, threads with their ledger and poll, activity, digests, and the moderator's actions. */
export function renderSeminarPage(v: SeminarView, ctx: PageContext): string {
  const s = v.seminar;
  const body = `<p class="meta"><a href="/">All seminars</a></p>
<h1>${inert(s.title)}</h1>
<p class="meta"><code>${inert(s.id)}</code> · ${s.status === "draft" ? '<span class="badge warn">draft: nothing is released until it is approved</span>' : '<span class="badge ok">approved</span>'} · times in <strong>${inert(s.timezone)}</strong> · plan <code>${inert(s.planPath)}</code></p>
${flashHtml(ctx.flash)}
${actionsSection(v, ctx)}
<section aria-labelledby="timeline"><h2 id="timeline">Release timeline</h2><ol class="timeline">${s.threads.map((t) => timelineItem(v, t, ctx)).join("")}</ol></section>
${threadsSection(v)}
${chartSection(v)}
${digestsSection(v)}
<p class="note">Page as of ${timeTag(v.now, s.timezone)}; replies and polls as the last tracking run found them.</p>`;
  return page({ title: s.title, forumUrl: v.forumUrl, body });
}

function actionsSection(v: SeminarView, ctx: PageContext): string {
  const s = v.seminar;
  const forms: string[] = [];
  const notes: string[] = [];
  if (s.status === "draft") {
    forms.push(actionForm({ action: actionPath(s.id, "approve"), csrf: ctx.csrf, label: "Approve this plan" }));
    notes.push(`Approving writes <code>status: approved</code> into <code>${inert(s.planPath)}</code>; its threads are then released on their schedule.`);
  } else if (v.next?.state === "failed") {
    notes.push(`The next thread, “${inert(v.next.title)}”, failed and holds the ones after it: retry it in the timeline.`);
  } else if (v.next) {
    forms.push(actionForm({ action: actionPath(s.id, "release"), csrf: ctx.csrf, label: `Release “${short(v.next.title)}” now`, fields: { thread: v.next.id } }));
  } else {
    notes.push("Every thread is out.");
  }
  forms.push(actionForm({ action: actionPath(s.id, "poll"), csrf: ctx.csrf, label: "Poll the forum now", secondary: true }));
  const latest = v.digests[0];
  if (latest && latest.post_state !== "posted") {
    forms.push(actionForm({ action: actionPath(s.id, "post-digest"), csrf: ctx.csrf, label: "Post the latest digest to the forum", fields: { digest: String(latest.id) }, secondary: true }));
  }
  return `<section aria-labelledby="actions"><h2 id="actions">Actions</h2><div class="actions">${forms.join("")}</div>${notes.map((n) => `<p class="note">${n}</p>`).join("")}</section>`;
}

const short = (title: string) => (title.length > 70 ? `${title.slice(0, title.lastIndexOf(" ", 68) > 30 ? title.lastIndexOf(" ", 68) : 68)}…` : title);

function timelineItem(v: SeminarView, t: ThreadStatus, ctx: PageContext): string {
  const tz = v.seminar.timezone;
  const lines: string[] = [];
  const badges: string[] = [];
  const at = (iso: string) => timeTag(iso, tz);
  if (t.state === "published" && t.releasedAt) {
    const released = Date.parse(t.releasedAt);
    const slot = t.releaseAt ? Date.parse(t.releaseAt) : null;
    lines.push(`Released ${at(t.releasedAt)}${slot !== null && Math.abs(released - slot) >= 60_000 ? ` · scheduled for ${at(t.releaseAt!)}` : ""}`);
    if (t.catchUp) badges.push('<span class="badge warn" title="its slot passed while the service was down">caught up</span>');
    else if (slot !== null && released < slot - 60_000) badges.push('<span class="badge info">early</span>');
    else if (slot !== null && released > slot + LATE_AFTER_MS) badges.push('<span class="badge warn">late</span>');
    else if (slot !== null) badges.push('<span class="badge ok">on time</span>');
    if (t.topicDeleted) badges.push('<span class="badge bad">topic deleted on the forum</span>');
  } else if (t.state === "skipped") {
    lines.push("Skipped in the plan");
    badges.push('<span class="badge">skipped</span>');
  } else {
    const due = t.releaseAt ? Date.parse(t.releaseAt) : null;
    if (due === null) lines.push(v.seminar.status === "draft" ? "Not scheduled until the plan is approved" : "Not scheduled yet");
    else lines.push(`${v.seminar.status === "draft" ? "Would be released" : "Scheduled for"} ${at(t.releaseAt!)} <span class="muted">(${due <= v.now ? "due now" : relative(due, v.now)})</span>`);
    if (t.state === "claimed" || t.state === "topic_created") badges.push('<span class="badge info">being released</span>');
    else if (t.state !== "failed") badges.push('<span class="badge">waiting</span>');
  }
  // Only the failure that holds the thread now: an error a later success or retry cleared is history.
  let failure = "";
  if (t.failure && t.state !== "published") {
    const retry = actionForm({ action: actionPath(v.seminar.id, "retry"), csrf: ctx.csrf, label: t.failure === "permanent" ? "Retry this thread" : "Retry now", fields: { thread: t.id }, secondary: true });
    const reason = t.lastError ? `: ${inert(t.lastError)}` : "";
    failure =
      t.failure === "permanent"
        ? `<div class="failure"><strong>Failed</strong>${reason}. It waits for a retry or a plan change; later threads wait with it.</div>${retry}`
        : `<div class="failure"><strong>Will retry</strong>${t.nextAttemptAt ? ` ${at(t.nextAttemptAt)}` : ""}${reason}.</div>${retry}`;
    badges.push(`<span class="badge bad">${t.failure === "permanent" ? "failed" : "retrying"}</span>`);
  }
  return `<li id="timeline-${e(t.id)}"><div><strong>${link(t.url, inert(t.title))}</strong> ${badges.join(" ")}<div class="when">${lines.join("<br>")}</div>${failure}</div></li>`;
}

function threadsSection(v: SeminarView): string {
  const shown = v.threads.filter((t) => t.status.topicId !== null);
  const quiet = shown.filter((t) => t.quiet).length;
  return `<section aria-labelledby="threads"><h2 id="threads">Threads</h2>${
    shown.length
      ? `<p class="note">A thread is marked quiet when no participant has replied for ${plural(v.quietAfterHours, "hour")} since its release or its last reply (QUIET_AFTER_HOURS).${quiet ? ` ${plural(quiet, "thread is", "threads are")} quiet now.` : ""}</p>${shown.map((t) => threadCard(v, t)).join("")}`
      : "<p>No thread has been released yet.</p>"
  }</section>`;
}

function threadCard(v: SeminarView, t: ThreadView): string {
  const tz = v.seminar.timezone;
  const s = t.status;
  const last = t.lastReplyAt ?? s.releasedAt;
  const quiet = t.quiet && last ? ` <span class="badge warn">quiet: no reply for ${relative(Date.parse(last), v.now).replace(/ ago$/, "")}</span>` : "";
  const more = t.participants - t.people.length;
  const people = t.people.length
    ? `<p class="people"><span class="muted">Most active:</span> ${t.people.map((p) => `${who(p.username)} (${p.replies})`).join(", ")}${more > 0 ? ` and ${more} more` : ""}</p>`
    : "";
  return `<article class="thread" id="thread-${e(s.id)}"><h3>${link(s.url, inert(s.title))}${quiet}</h3>
<ul class="stats"><li><strong>${t.replies}</strong> ${t.replies === 1 ? "reply" : "replies"}</li><li><strong>${t.participants}</strong> ${t.participants === 1 ? "participant" : "participants"}</li><li>${
    t.lastReplyAt ? `last reply ${timeTag(t.lastReplyAt, tz)} <span class="muted">(${relative(Date.parse(t.lastReplyAt), v.now)})</span>` : "no reply yet"
  }</li></ul>${people}${ledgerHtml(s.url, t.ledger)}${t.polls.map((p) => pollHtml(t, p, tz)).join("")}</article>`;
}

function ledgerHtml(threadUrl: string | null, entries: readonly LedgerEntry[]): string {
  if (!entries.length) return "";
  const post = (n: number) => (threadUrl ? `${threadUrl}/${n}` : null);
  const items = entries.map((c) => {
    const text = `“${inert(excerpt(/“([^”]{20,})”/.exec(c.text)?.[1] ?? c.text, null, 160))}”`;
    const quoted = c.postNumber !== null ? link(post(c.postNumber), text) : text;
    if (c.postNumber === null) return `<li><span class="badge">not posted yet</span> ${quoted}</li>`;
    if (!c.answeredByCount) return `<li class="standing"><span class="badge warn">standing</span> ${quoted}</li>`;
    const names = c.answers.map((a) => link(post(a.postNumber), who(a.username))).join(", ");
    const more = c.answeredByCount - c.answers.length;
    return `<li class="answered"><span class="badge ok">answered</span> by ${names}${more > 0 ? ` and ${more} more` : ""}: ${quoted}</li>`;
  });
  const standing = entries.filter((c) => c.postNumber !== null && !c.answeredByCount).length;
  return `<h4>Counterarguments <span class="muted">(${standing ? `${standing} standing` : "all answered"})</span></h4><ul class="ledger">${items.join("")}</ul>`;
}

function pollHtml(t: ThreadView, p: PollResult, tz: string): string {
  const counted = p.options.some((o) => o.votes !== null);
  const question = t.plan?.poll?.question ?? "Poll";
  const rows = p.options
    .map((o) => {
      const votes = o.votes ?? 0;
      const pct = p.voters ? Math.round((votes / p.voters) * 100) : 0;
      return `<li><span>${inert(htmlToText(o.html))}<br><meter min="0" max="${Math.max(1, p.voters)}" value="${votes}" aria-hidden="true"></meter></span><span class="count">${counted ? `${votes} <span class="muted">(${pct}%)</span>` : "?"}</span></li>`;
    })
    .join("");
  return `<h4>Poll: ${inert(question)}</h4><p class="note">${plural(p.voters, "voter")}, as of ${timeTag(p.fetchedAt, tz)}${counted ? "" : "; results are hidden until the poll closes"}</p><ul class="poll">${rows}</ul>`;
}

function chartSection(v: SeminarView): string {
  if (!v.perDay.length) return "";
  const table = v.perDay.map((d) => `<tr><td>${e(d.day)}</td><td class="count">${d.replies}</td></tr>`).join("");
  return `<section aria-labelledby="activity"><h2 id="activity">Replies per day</h2>${replyChartSvg(v.perDay)}
<details><summary>As a table</summary><table><thead><tr><th scope="col">Day (${inert(v.seminar.timezone)})</th><th scope="col">Replies</th></tr></thead><tbody>${table}</tbody></table></details></section>`;
}

/** One line about where a digest stands on the forum; a posting error only while it still holds the digest. */
export function digestState(d: StoredDigest, forumUrl: string): string {
  if (d.post_state === "posted") return `posted on the forum${d.posted_topic_id ? ` (${link(`${forumUrl}/t/${d.posted_topic_id}`, "topic")})` : ""}`;
  if (d.post_state === "failed") return `<span class="badge bad">posting failed</span>${d.last_error ? ` ${inert(d.last_error)}` : ""}`;
  if (d.post_state === "pending") return `waiting to be posted${d.last_error ? ` (last try: ${inert(d.last_error)})` : ""}`;
  return "not posted (shown here only)";
}

function digestSummary(d: StoredDigest, tz: string): string {
  return `Digest of ${timeTag(d.until, tz)}: ${plural(d.data.totals.newReplies, "new reply", "new replies")}, ${plural(d.data.totals.standingCounterarguments, "counterargument")} standing`;
}

function digestsSection(v: SeminarView): string {
  const tz = v.seminar.timezone;
  const [latest, ...older] = v.digests;
  if (!latest) return `<section aria-labelledby="digests"><h2 id="digests">Digests</h2><p>No digest yet: one is written on the plan's digest schedule.</p></section>`;
  const list = older.length
    ? `<h3>Earlier</h3><ul class="plain">${older.map((d) => `<li><a href="${e(digestPath(v.seminar.id, d.id))}">${digestSummary(d, tz)}</a> · ${digestState(d, v.forumUrl)}</li>`).join("")}</ul>`
    : "";
  return `<section aria-labelledby="digests"><h2 id="digests">Digests</h2>
<details open><summary>Latest: ${digestSummary(latest, tz)}</summary><p class="note">${digestState(latest, v.forumUrl)}</p>${renderDigestHtml(latest.data)}</details>${list}</section>`;
}

export function digestPath(seminarId: string, digestId: number): string {
  return `/seminars/${encodeURIComponent(seminarId)}/digests/${digestId}`;
}

/** One digest on a page of its own, for the earlier ones the seminar page lists by a line. */
export function renderDigestPage(o: { seminarId: string; seminarTitle: string; timezone: string; forumUrl: string; digest: StoredDigest }): string {
  const d = o.digest;
  return page({
    title: `Digest · ${o.seminarTitle}`,
    forumUrl: o.forumUrl,
    body: `<p class="meta"><a href="/seminars/${e(encodeURIComponent(o.seminarId))}">${inert(o.seminarTitle)}</a></p><h1>${digestSummary(d, o.timezone)}</h1><p class="note">${digestState(d, o.forumUrl)}</p>${renderDigestHtml(d.data)}`,
  });
}
