import { escapeHtml as e } from "../render/html.ts";
import { serializeTopicListItem, visiblePosts } from "./serialize.ts";
import type { ForumState, STopic } from "./state.ts";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #08c;margin-bottom:1em}
header a{color:#08c;text-decoration:none;font-weight:600}.note{color:#666;font-size:.9em}
table{width:100%;border-collapse:collapse}td,th{padding:.4em;border-bottom:1px solid #eee;text-align:left}
article{border-bottom:1px solid #ddd;padding:.8em 0}.meta{color:#666;font-size:.85em}.small{color:#888;font-style:italic}
blockquote{border-left:4px solid #ddd;margin:0;padding:0 1em;color:#444}.err{background:#fee;border:1px solid #c33;padding:.5em}
form.reply{background:#f6f8fa;padding:1em;border-radius:6px}textarea{width:100%;min-height:8em}input,select,button{font:inherit}
.poll{background:#f3f7ff;padding:.5em 1em;border-radius:6px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} · Sandbox forum</title><style>${STYLE}</style></head><body>
<header><a href="/">Sandbox forum</a><span class="note">A local Discourse-compatible forum for trying discourse-seminar</span></header>
${body}</body></html>`;
}

export function renderLatestPage(state: ForumState): string {
  const topics = state.data.topics
    .filter((t) => !t.deleted_at && t.visible)
    .sort((a, b) => b.bumped_at.localeCompare(a.bumped_at));
  const rows = topics
    .map((t) => {
      const item = serializeTopicListItem(state, t);
      const cat = state.data.categories.find((c) => c.id === t.category_id);
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

export function renderTopicPage(state: ForumState, t: STopic, error?: string): string {
  const posts = visiblePosts(state, t);
  const items = posts
    .map((p) => {
      const u = state.userById(p.user_id);
      if (p.post_type === 3) return `<article id="post_${p.post_number}" class="small">${e(u?.username ?? "")}: ${e(p.action_code ?? "")} · ${e(p.created_at.slice(0, 16))}</article>`;
      // Each poll's form stands where its [poll] markup stood.
      let cooked = p.cooked;
      for (const poll of p.polls) {
        const counts = new Map<string, number>();
        for (const v of Object.values(poll.votes)) for (const o of v) counts.set(o, (counts.get(o) ?? 0) + 1);
        const options = poll.options
          .map((o) => `<label><input type="radio" name="option" value="${e(o.id)}" required> ${o.html} <span class="meta">(${counts.get(o.id) ?? 0})</span></label><br>`)
          .join("");
        const form = `<form class="poll" method="post" action="/__sandbox/vote"><strong>${e(poll.title ?? "Poll")}</strong><br>${options}
<input type="hidden" name="post_id" value="${p.id}"><input type="hidden" name="poll_name" value="${e(poll.name)}">
<input name="username" placeholder="your username" required pattern="[\\w.\\-]{3,20}"> <button>Vote</button></form>`;
        cooked = cooked.replace(`<div class="poll" data-poll-name="${e(poll.name)}"></div>`, form);
      }
      return `<article id="post_${p.post_number}"><div class="meta">#${p.post_number} · <strong>${e(u?.username ?? "(deleted)")}</strong>${
        p.reply_to_post_number ? ` · replying to #${p.reply_to_post_number}` : ""
      } · ${e(p.created_at.slice(0, 16).replace("T", " "))}${p.likes.length ? ` · ♥ ${p.likes.length}` : ""}</div>${cooked}</article>`;
    })
    .join("");
  const options = posts
    .filter((p) => p.post_type === 1)
    .map((p) => `<option value="${p.post_number}">#${p.post_number} by ${e(state.userById(p.user_id)?.username ?? "")}</option>`)
    .join("");
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
}<p class="note">JSON: <a href="/t/${t.id}.json">/t/${t.id}.json</a></p>`,
  );
}
