import { createHash } from "node:crypto";
import { escapeHtml as e, inert } from "../../render/html.ts";

/**
 * One stylesheet, inline, so the console needs no asset and works offline. Colours keep at
 * least 4.5:1 contrast on their backgrounds (WCAG AA); focus is always visible; nothing is
 * wider than a 390 px screen (long words wrap anywhere, the grid collapses to one column).
 * The chart's labels are sized in its own units, which scale with its width: smaller units on
 * a wide screen and larger ones on a phone put them at 11 to 15 px on both.
 */
const STYLE = `:root{--fg:#1b1f24;--muted:#4a525c;--line:#d5dbe1;--soft:#f3f5f7;--link:#0645ad;--accent:#0b57d0;--ok:#0b5a23;--ok-bg:#e3f3e8;--warn:#6a4500;--warn-bg:#fff1cc;--bad:#8a1616;--bad-bg:#fde7e7;--info:#123f7a;--info-bg:#e4eefc}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
main,header,footer{overflow-wrap:anywhere}
.wrap{max-width:1000px;margin:0 auto;padding:0 16px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:.5em;z-index:1}
header.top{background:var(--soft);border-bottom:1px solid var(--line)}
header.top .wrap{display:flex;flex-wrap:wrap;gap:.25em 1em;align-items:baseline;justify-content:space-between;padding-top:.6em;padding-bottom:.6em}
.brand{font-weight:700;color:var(--fg);text-decoration:none}
nav.links{display:flex;flex-wrap:wrap;gap:.25em 1em;font-size:.95em}
a{color:var(--link)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
h1{font-size:1.6em;line-height:1.25;margin:.8em 0 .2em}h2{font-size:1.3em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--line)}
h3{font-size:1.1em;margin:0 0 .4em}h4{font-size:1em;margin:1em 0 .3em}
.meta,.muted{color:var(--muted)}.meta{margin:.2em 0 1em}
.badge{display:inline-block;padding:0 .55em;border-radius:999px;font-size:.85em;font-weight:600;line-height:1.6;white-space:nowrap;background:var(--soft);color:var(--fg)}
.badge.ok{background:var(--ok-bg);color:var(--ok)}.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.bad{background:var(--bad-bg);color:var(--bad)}.badge.info{background:var(--info-bg);color:var(--info)}
.flash{margin:1em 0;padding:.75em 1em;border-radius:8px;border:1px solid;font-weight:500}
.flash.ok{background:var(--ok-bg);color:var(--ok);border-color:#8cc79f}.flash.bad{background:var(--bad-bg);color:var(--bad);border-color:#e3a0a0}
.actions{display:flex;flex-wrap:wrap;gap:.6em;align-items:center;margin:.5em 0}
form.act{display:inline-block;margin:0}
button{font:inherit;font-weight:600;min-height:44px;padding:.45em 1em;border-radius:8px;border:2px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;max-width:100%;text-align:left}
button:hover{background:#0a47a9;border-color:#0a47a9}button.secondary{background:#fff;color:var(--accent)}button.secondary:hover{background:var(--info-bg)}
button:focus-visible{outline:3px solid var(--fg);outline-offset:2px}
.note{font-size:.92em;color:var(--muted);margin:.3em 0}
ol.timeline{list-style:none;margin:0;padding:0;counter-reset:t}
ol.timeline>li{display:grid;grid-template-columns:2em 1fr;gap:0 .6em;padding:.7em 0;border-bottom:1px solid var(--line)}
ol.timeline>li::before{counter-increment:t;content:counter(t);font-weight:700;color:var(--muted);text-align:right}
.when{margin:.15em 0}.failure{margin:.4em 0;padding:.5em .75em;border-left:4px solid var(--bad);background:var(--bad-bg);color:var(--bad)}
.thread{border:1px solid var(--line);border-radius:10px;padding:1em;margin:1em 0}
ul.stats{display:flex;flex-wrap:wrap;gap:.2em 1.4em;list-style:none;margin:.3em 0;padding:0}
ol.mini{margin:.5em 0 0;padding-left:1.4em;font-size:.95em}ol.mini>li{margin:.15em 0}
ul.ledger,ul.poll,ul.plain{list-style:none;margin:.3em 0;padding:0}
ul.ledger>li{padding:.45em 0;border-top:1px dashed var(--line)}ul.ledger>li:first-child{border-top:0}
ul.poll>li{display:grid;grid-template-columns:minmax(0,1fr) 5.5em;gap:0 .75em;align-items:center;padding:.15em 0}
meter{width:100%;height:1em}
.count{text-align:right;font-variant-numeric:tabular-nums}
svg.chart{display:block;width:100%;max-width:640px;height:auto}svg.chart rect{fill:var(--accent)}svg.chart text{font-size:9px;fill:var(--muted)}svg.chart .axis{stroke:#7b848e}
details{border:1px solid var(--line);border-radius:10px;padding:.4em 1em;margin:.6em 0}
summary{cursor:pointer;font-weight:600;padding:.3em 0}
details section{border-left:3px solid var(--accent);padding-left:.8em;margin:1em 0}details h2{font-size:1.15em;border:0}details h3{font-size:1.05em}details ul{padding-left:1.2em}
table{border-collapse:collapse}td,th{padding:.2em .8em .2em 0;text-align:left}
ul.cards{list-style:none;padding:0;margin:0}ul.cards h2{margin:0 0 .3em;padding:0;border:0}ul.cards>li{border:1px solid var(--line);border-radius:10px;padding:1em;margin:1em 0}
footer{margin:3em 0 2em;color:var(--muted);font-size:.9em}
@media (max-width:600px){body{font-size:15px}h1{font-size:1.35em}.thread,ul.cards>li{padding:.75em}ol.timeline>li{grid-template-columns:1.4em 1fr}svg.chart text{font-size:13px}}`;

const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

/**
 * Headers for every console page. The policy allows no script at all and only this stylesheet:
 * should forum text ever slip past escaping, it still cannot run. No referrer, so a `?token=`
 * in the address never travels to the forum with a click.
 */
export const PAGE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
};

export interface Flash {
  ok: boolean;
  message: string;
}

export function flashHtml(f: Flash | undefined): string {
  if (!f) return "";
  return `<div class="flash ${f.ok ? "ok" : "bad"}" role="${f.ok ? "status" : "alert"}" id="flash">${inert(f.message)}</div>`;
}

export function page(o: { title: string; forumUrl?: string; body: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${inert(o.title)} · discourse-seminar</title><style>${STYLE}</style></head><body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="wrap"><a class="brand" href="/">discourse-seminar</a><nav class="links" aria-label="Elsewhere">${
    o.forumUrl ? `<a href="${e(o.forumUrl)}">Forum</a>` : ""
  }<a href="/api/seminars">JSON</a><a href="/health">Health</a></nav></div></header>
<main id="main" class="wrap">${o.body}</main>
<footer class="wrap">Times are shown in each seminar's own time zone. This page needs no JavaScript; reload it for news.</footer>
</body></html>`;
}

/** A POST form with one real button: keyboard-usable, and it works without JavaScript. */
export function actionForm(o: { action: string; csrf: string; label: string; fields?: Record<string, string>; secondary?: boolean }): string {
  const hidden = Object.entries({ csrf: o.csrf, ...o.fields })
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join("");
  return `<form class="act" method="post" action="${e(o.action)}">${hidden}<button type="submit"${o.secondary ? ' class="secondary"' : ""}>${inert(o.label)}</button></form>`;
}
