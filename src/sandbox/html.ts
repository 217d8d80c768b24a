import { escapeHtml as e } from "../render/html.ts";
import { isWhisperer } from "./forum/trust.ts";
import { POST_TYPES, type SPost, type STopic } from "./model.ts";
import { HIDDEN_COOKED } from "./serialize/post.ts";
import { serializeTopicListItem } from "./serialize/topic.ts";
import type { ForumState } from "./state.ts";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #08c;margin-bottom:1em}
header a{color:#08c;text-decoration:none;font-weight:600}.note{color:#666;font-size:.9em}
table{width:100%;border-collapse:collapse}td,th{padding:.4em;border-bottom:1px solid #eee;text-align:left}
article{border-bottom:1px solid #ddd;padding:.8em 0}.meta{color:#666;font-size:.85em}.small{color:#888;font-style:italic}
blockquote{border-left:4px solid #ddd;margin:0;padding:0 1em;color:#444}.err{background:#fee;border:1px solid #c33;padding:.5em}
form.reply{background:#f6f8fa;padding:1em;border-radius:6px}textarea{width:100%;min-height:8em}input,select,button{font:inherit}
.poll{background:#f3f7ff;padding:.5em 1em;border-radius:6px}.whisper{background:#f4f4f4;border-left:4px solid #999;padding-left:.6em}
details.tools{font-size:.85em;color:#555}details.tools form{display:inline-block;margin:.2em .6em .2em 0}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} · Sandbox forum</title><style>${STYLE}</style></head><body>
<header><a href="/">Sandbox forum</a><span class="note">A local Discourse-compatible forum for trying discourse-seminar</span></header>
${body}</body></html>`;
}

export function renderLatestPage(state: ForumState): string {
  const topics = [...state.topics.values()].filter((t) => !t.deleted_at && t.visible).sort((a, b) => b.bumped_at.localeCompare(a.bumped_at));
  const rows = topics
    .map((t) => {
      const item = serializeTopicListItem(state, t);
      const cat = state.categories.get(t.category_id);
      return `<tr><td><a href="/t/${e(t.slug)}/${t.id}">${e(t.title)}</a>${t.closed ? " 🔒" : ""}</td><td>${e(cat?.name ?? "")}</td><td>${item.reply_count}</td><td class="meta">${e(t.bumped_at.slice(0, 16).replace("T", " "))}</td></tr>`;
    })
    .join("");
  return page(
    "Latest",
    `<h1>Latest topics</h1>${
      topics.length ? `<table><tr><th>Topic</th><th>Category</th><th>Replies</th><th>Activity (UTC)</th></tr>${rows}</table>` : "<p>No topics yet. Start <code>npm start</code> to release the example seminar.</p>"
    }<p class="note">JSON: <a href="/latest.json">/latest.json</a></p>`,
  );
}

/** A small form posting to one of the sandbox's tools; `fields` become hidden inputs. */
function toolForm(action: string, label: string, fields: Record<string, string | number>, withUsername = false): string {
  const hidden = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(String(v))}">`).join("");
  const user = withUsername ? `<input name="username" required pattern="[\\w.\\-]{3,20}" placeholder="as username" size="10"> ` : "";
  return `<form method="post" action="/__sandbox/${action}">${hidden}${user}<button>${e(label)}</button></form>`;
}

function pollForms(p: SPost, cooked: string): string {
  let out = cooked;
  for (const poll of p.polls) {
    const counts = new Map<string, number>();
    for (const v of Object.values(poll.votes)) for (const o of v) counts.set(o, (counts.get(o) ?? 0) + 1);
    const options = poll.options
      .map((o) => `<label><input type="radio" name="option" value="${e(o.id)}" required> ${o.html} <span class="meta">(${counts.get(o.id) ?? 0})</span></label><br>`)
      .join("");
    const form = `<form class="poll" method="post" action="/__sandbox/vote"><strong>${e(poll.title ?? "Poll")}</strong><br>${options}
<input type="hidden" name="post_id" value="${p.id}"><input type="hidden" name="poll_name" value="${e(poll.name)}">
<input name="username" placeholder="your username" required pattern="[\\w.\\-]{3,20}"> <button>Vote</button></form>`;
    out = out.replace(`<div class="poll" data-poll-name="${e(poll.name)}"></div>`, form);
  }
  return out;
}

/**
 * A topic as a reader sees it, with the sandbox's forms: reply and vote as a participant;
 * delete or recover one's own post (giving one's username); hide, unhide and whisper as a
 * moderator would. Whispers show only when the site allows them, marked as such.
 */
export function renderTopicPage(state: ForumState, t: STopic, error?: string): string {
  const moderator = state.userById(-1)!;
  const whispers = isWhisperer(state, moderator);
  const posts = state.postsOf(t.id).filter((p) => !p.deleted_at && (p.post_type !== POST_TYPES.whisper || whispers));
  const items = posts
    .map((p) => {
      const u = state.userById(p.user_id);
      if (p.post_type === POST_TYPES.small_action) return `<article id="post_${p.post_number}" class="small">${e(u?.username ?? "")}: ${e(p.action_code ?? "")} · ${e(p.created_at.slice(0, 16))}</article>`;
      const cooked = p.hidden ? HIDDEN_COOKED : pollForms(p, p.cooked);
      const tools = [
        p.post_number > 1 && !p.user_deleted ? toolForm("delete", "Delete my post", { post_id: p.id }, true) : "",
        p.user_deleted ? toolForm("recover", "Recover my post", { post_id: p.id }, true) : "",
        p.hidden ? toolForm("unhide", "Unhide (moderator)", { post_id: p.id }) : toolForm("hide", "Hide (as if flagged)", { post_id: p.id }),
      ].join("");
      return `<article id="post_${p.post_number}"${p.post_type === POST_TYPES.whisper ? ' class="whisper"' : ""}><div class="meta">#${p.post_number} · <strong>${e(u?.username ?? "(deleted)")}</strong>${
        p.post_type === POST_TYPES.whisper ? " · whisper (staff only)" : ""
      }${p.reply_to_post_number ? ` · replying to #${p.reply_to_post_number}` : ""} · ${e(p.created_at.slice(0, 16).replace("T", " "))}${p.likes.length ? ` · ♥ ${p.likes.length}` : ""}${
        p.hidden ? " · hidden" : ""
      }</div>${cooked}<details class="tools"><summary>actions</summary>${tools}</details></article>`;
    })
    .join("");
  const options = posts
    .filter((p) => p.post_type === POST_TYPES.regular)
    .map((p) => `<option value="${p.post_number}">#${p.post_number} by ${e(state.userById(p.user_id)?.username ?? "")}</option>`)
    .join("");
  const whisperForm = whispers
    ? `<form class="reply" method="post" action="/__sandbox/whisper"><h2>Whisper as a moderator</h2><input type="hidden" name="topic_id" value="${t.id}">
<textarea name="raw" required placeholder="Only staff will see this"></textarea><button>Whisper</button></form>`
    : "";
  return page(
    t.title,
    `<h1>${e(t.title)}</h1>${items}<a id="bottom"></a>
${error ? `<p class="err" id="reply">${e(error)}</p>` : ""}
${
  t.closed
    ? "<p>This topic is closed.</p>"
    : `<form class="reply" method="post" action="/__sandbox/reply"><h2>Reply as a participant</h2>
<input type="hidden" name="topic_id" value="${t.id}">
<label>Username <input name="username" required pattern="[\\w.\\-]{3,20}" placeholder="e.g. alice"></label>
<label>in reply to <select name="reply_to_post_number"><option value="">the topic</option>${options}</select></label>
<textarea name="raw" required placeholder="At least 20 characters, as on Discourse"></textarea><button>Post reply</button></form>`
}${whisperForm}<p class="note">New participants are trust level 0, as on Discourse: a reply every 30 s, three in a row per topic, two links a post. JSON: <a href="/t/${t.id}.json">/t/${t.id}.json</a></p>`,
  );
}
