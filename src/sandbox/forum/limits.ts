import { ForumError, type SUser } from "../model.ts";
import { rateLimitBody } from "../rate-limit.ts";
import type { ForumState } from "../state.ts";
import { isNewUser, isNewUserPostingOnFirstDay, isStaff } from "./trust.ts";

interface Limiter {
  /** RateLimiter's key, also its type for the message (server.en.yml rate_limiter.by_type). */
  type: string;
  max: number;
  secs: number;
}

const DAY = 86400;

/**
 * The limiters a create performs after it is saved (lib/rate_limiter/on_create_record.rb
 * `rate_limit`, app/models/topic.rb and app/models/post.rb): a new topic performs the topic's
 * limiters and its first post's. Staff are never limited (RateLimiter#rate_unlimited?).
 */
function limitersFor(state: ForumState, user: SUser, o: { topic: boolean }): Limiter[] {
  const s = state.site;
  const fresh = isNewUser(state, user);
  const firstDay = isNewUserPostingOnFirstDay(state, user);
  const out: Limiter[] = [];
  if (o.topic) {
    out.push({ type: "create_topic", max: 1, secs: fresh ? s.rate_limit_new_user_create_topic : s.rate_limit_create_topic });
    out.push(firstDay ? { type: "first-day-topics-per-day", max: s.max_topics_in_first_day, secs: DAY } : { type: "topics-per-day", max: s.max_topics_per_day, secs: DAY });
  }
  out.push({ type: "create_post", max: 1, secs: fresh ? s.rate_limit_new_user_create_post : s.rate_limit_create_post });
  // Post#limit_posts_per_day: replies only (post_number > 1).
  if (!o.topic && firstDay) out.push({ type: "first-day-replies-per-day", max: s.max_replies_in_first_day, secs: DAY });
  return out;
}

/**
 * Runs after validation passed and before anything is stored: either every limiter records
 * the create, or the first one that is full answers 429 and nothing is recorded (Discourse
 * raises from after_create and rolls the transaction and the other limiters back).
 */
export function performCreateLimits(state: ForumState, user: SUser, o: { topic: boolean }): void {
  if (isStaff(user)) return;
  const limiters = limitersFor(state, user, o);
  for (const l of limiters) {
    const wait = state.limits.wait(`${user.id}:${l.type}`, l.max, l.secs);
    if (wait > 0) throw new ForumError(429, rateLimitBody(wait, l.type), { "Retry-After": String(wait) });
  }
  for (const l of limiters) state.limits.performed(`${user.id}:${l.type}`);
}
