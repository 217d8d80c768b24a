import { escapeHtml as e, inert } from "../../render/html.ts";
import type { SeminarStatus, ThreadStatus } from "../../status.ts";
import { nextThread } from "../seminar-view.ts";
import { flashHtml, page, type Flash } from "./layout.ts";
import { relative, timeTag } from "./time.ts";

export interface SeminarSummary {
  seminar: SeminarStatus;
  replies: number;
}

/** The console's front page: every loaded seminar, with how far it has come and what needs a moderator. */
export function renderIndexPage(o: { seminars: readonly SeminarSummary[]; forumUrl: string; now: number; seminarDir?: string; flash?: Flash }): string {
  const items = o.seminars.map(({ seminar: s, replies }) => {
    const released = s.threads.filter((t) => t.state === "published").length;
    const live = s.threads.filter((t) => t.state !== "skipped").length;
    const failed = s.threads.filter((t) => t.failure && t.state !== "published").length;
    const next = nextThread(s);
    const nextLine = next?.releaseAt && next.state !== "failed" ? `<li>next: “${inert(next.title)}” ${timeTag(next.releaseAt, s.timezone)} <span class="muted">(${Date.parse(next.releaseAt) <= o.now ? "due now" : relative(Date.parse(next.releaseAt), o.now)})</span></li>` : "";
    return `<li><h2><a href="/seminars/${e(encodeURIComponent(s.id))}">${inert(s.title)}</a></h2>
<p class="meta"><code>${inert(s.id)}</code> · ${s.status === "draft" ? '<span class="badge warn">draft</span>' : '<span class="badge ok">approved</span>'} · ${inert(s.timezone)}${failed ? ` · <span class="badge bad">${failed} failed</span>` : ""}</p>
<ul class="stats"><li><strong>${released}</strong> of ${live} threads released</li><li><strong>${replies}</strong> ${replies === 1 ? "reply" : "replies"}</li>${nextLine}</ul>
<ol class="mini">${s.threads.map((t) => `<li>${inert(t.title)} ${stateBadge(t)}</li>`).join("")}</ol></li>`;
  });
  const body = `<h1>Seminars</h1>${flashHtml(o.flash)}${
    items.length
      ? `<ul class="cards">${items.join("")}</ul>`
      : `<p>No seminar plans loaded. Put a plan in ${o.seminarDir ? `<code>${inert(o.seminarDir)}</code>` : "the seminars folder"} (see <code>seminar draft</code>).</p>`
  }`;
  return page({ title: "Seminars", forumUrl: o.forumUrl, body });
}

function stateBadge(t: ThreadStatus): string {
  if (t.state === "published") return t.topicDeleted ? '<span class="badge bad">topic deleted</span>' : '<span class="badge ok">released</span>';
  if (t.failure && t.state !== "skipped") return `<span class="badge bad">${t.failure === "permanent" ? "failed" : "retrying"}</span>`;
  if (t.state === "skipped") return '<span class="badge">skipped</span>';
  return '<span class="badge">waiting</span>';
}
