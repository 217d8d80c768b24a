/**
 * Discourse's quote BBCode, as its composer writes it: `[quote="name, post:N, topic:T"]`, or with
 * `, full:true` when the whole post was quoted. (app/assets/javascripts/discourse/app/lib/quote.js
 * builds this header; the username comes first, and may be absent on old posts.)
 */
const QUOTE_HEADER = /\[quote="[^"]*?post:(\d+), topic:(\d+)/;

/** The post of topic `topicId` that `raw` quotes first, or null: a quote of another topic answers nothing here. */
export function quotedPost(raw: string | null, topicId: number): number | null {
  const q = raw ? QUOTE_HEADER.exec(raw) : null;
  return q && Number(q[2]) === topicId ? Number(q[1]) : null;
}
