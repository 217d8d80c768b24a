/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Characters forum text must not bring along: NUL and the other C0 controls (tab, line feed
 * and carriage return excepted), DEL, and the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), with which a name like "alice\u202Eeviltxt.exe" reads
 * backwards and reorders the words around it ("Trojan Source", CVE-2021-42574).
 */
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

export function stripControls(s: string): string {
  return s.replace(UNSAFE_CONTROLS, "");
}

/** Untrusted text (usernames, excerpts, titles, forum errors) as inert HTML: controls dropped, then escaped. */
export function inert(s: string): string {
  return escapeHtml(stripControls(s));
}

/** An absolute http(s) URL, escaped for an href; undefined for anything else (`javascript:`, `data:`, relative). */
export function safeHref(url: string): string | undefined {
  const clean = stripControls(url).trim();
  if (!/^https?:\/\//i.test(clean)) return undefined;
  try {
    return escapeHtml(new URL(clean).href);
  } catch {
    return undefined;
  }
}

/** The text of a small piece of forum HTML (a poll option): tags dropped, the common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|quot|#39|apos|amp);/g, (_m, n: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", amp: "&" })[n]!)
    .trim();
}
