import { createHash } from "node:crypto";
import { linkCount, mentionCount } from "../cook.ts";
import type { SPost, STopic, SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { bodyErrors } from "../validate.ts";
import { hasTrustLevel, isStaff } from "./trust.ts";

const plural = (n: number, one: string, other: string) => (n === 1 ? one : other.replace("%{count}", String(n)));

export function bodyKey(u: SUser, raw: string): string {
  return `${u.id}:${createHash("sha1").update(raw).digest("hex")}`;
}

/**
 * User#posted_too_much_in_topic? (app/models/user.rb): a TL0 user may post
 * newuser_max_replies_per_topic times in someone else's topic since someone last replied to,
 * mentioned or quoted them there (UserAction.last_action_in_topic).
 */
function postedTooMuchInTopic(state: ForumState, u: SUser, topic: STopic): boolean {
  if (isStaff(u) || u.trust_level !== 0 || topic.user_id === u.id) return false;
  const posts = state.postsOf(topic.id);
  const mine = new Set(posts.filter((p) => p.user_id === u.id).map((p) => p.post_number));
  const mention = new RegExp(`(?:^|[^\\w@/])@${u.username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "i");
  const quote = new RegExp(`\\[quote="${u.username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[,"]`, "i");
  let since = 0;
  for (const p of posts) {
    if (p.user_id === u.id || p.deleted_at) continue;
    const responds = p.reply_to_post_number !== null && mine.has(p.reply_to_post_number);
    if (responds || mention.test(p.raw) || quote.test(p.raw)) since = p.id;
  }
  const count = posts.filter((p) => p.user_id === u.id && !p.deleted_at && p.id > since).length;
  return count >= state.site.newuser_max_replies_per_topic;
}

/**
 * lib/validators/post_validator.rb, in its order, every error that applies. An edit
 * (PostRevisor) skips the checks that only make sense for a new post.
 */
export function postErrors(state: ForumState, u: SUser, raw: string | undefined, o: { topic?: STopic; cooked: string; firstPost?: boolean; edit?: boolean }): string[] {
  const s = state.site;
  const text = raw ?? "";
  const errors = bodyErrors(raw, s, { firstPost: o.firstPost ?? !o.topic });
  // max_posts_validator
  if (!o.edit && o.topic && postedTooMuchInTopic(state, u, o.topic)) {
    const n = s.newuser_max_replies_per_topic;
    errors.push(plural(n, "We're sorry, but new users are temporarily limited to 1 reply in the same topic.", "We're sorry, but new users are temporarily limited to %{count} replies in the same topic."));
  }
  const trusted = hasTrustLevel(u, 1);
  // max_mention_validator (staff exempt)
  if (!isStaff(u)) {
    const max = trusted ? s.max_mentions_per_post : s.newuser_max_mentions_per_post;
    if (mentionCount(text) > max) {
      if (max === 0) errors.push(trusted ? "Sorry, you can't mention other users." : "Sorry, new users can't mention other users.");
      else if (trusted) errors.push(plural(max, "Sorry, you can only mention one other user in a post.", "Sorry, you can only mention %{count} users in a post."));
      else errors.push(plural(max, "Sorry, new users can only mention one other user in a post.", "Sorry, new users can only mention %{count} users in a post."));
    }
  }
  // max_links_validator (TL1 and up exempt)
  if (!trusted && linkCount(o.cooked) > s.newuser_max_links) {
    const max = s.newuser_max_links;
    errors.push(max === 0 ? "Sorry, new users can't put links in posts." : plural(max, "Sorry, new users can only put one link in a post.", "Sorry, new users can only put %{count} links in a post."));
  }
  // unique_post_validator (staff exempt)
  if (!o.edit && !isStaff(u) && s.unique_posts_mins > 0 && text.trim()) {
    const at = state.recentBodies.get(bodyKey(u, text));
    if (at !== undefined && state.now().getTime() - at < s.unique_posts_mins * 60_000) errors.push("Body is too similar to what you recently posted");
  }
  // max_consecutive_replies: non-staff who do not own the topic.
  if (!o.edit && o.topic && !isStaff(u) && o.topic.user_id !== u.id && s.max_consecutive_replies > 0) {
    const regular = state.postsOf(o.topic.id).filter((x: SPost) => x.post_type === 1 && !x.deleted_at);
    let run = 0;
    for (let i = regular.length - 1; i >= 0 && regular[i]!.user_id === u.id; i--) run++;
    if (run >= s.max_consecutive_replies) {
      errors.push(plural(s.max_consecutive_replies, "No consecutive replies are allowed. Please edit your previous reply, or wait for someone to reply to you.", "No more than %{count} consecutive replies are allowed. Please edit your previous reply, or wait for someone to reply to you."));
    }
  }
  return errors;
}
