import type { SUser } from "../model.ts";
import type { ForumState } from "../state.ts";

const DAY = 24 * 3600 * 1000;

export function isStaff(u: SUser | undefined): boolean {
  return !!u && (u.admin || u.moderator);
}

/** User#has_trust_level? (app/models/user.rb): staff count as every level. */
export function hasTrustLevel(u: SUser | undefined, level: number): boolean {
  return !!u && (isStaff(u) || u.trust_level >= level);
}

/**
 * User#new_user? (app/models/user.rb): TL0, or TL1 created in the last 24 h, and not staff.
 * Such users wait rate_limit_new_user_create_post (30 s) between posts.
 */
export function isNewUser(state: ForumState, u: SUser): boolean {
  const recent = state.now().getTime() - Date.parse(u.created_at) < DAY;
  return (recent || u.trust_level === 0) && u.trust_level < 2 && !isStaff(u);
}

/**
 * User#new_user_posting_on_first_day? (app/models/user.rb): for TL0 this is always true, so an
 * account that never earns TL1 is held to max_replies_in_first_day (10 per rolling 24 h) forever.
 */
export function isNewUserPostingOnFirstDay(state: ForumState, u: SUser): boolean {
  if (isStaff(u) || u.trust_level >= 2) return false;
  if (u.trust_level === 0 || !u.first_post_created_at) return true;
  return state.now().getTime() - Date.parse(u.first_post_created_at) < DAY;
}

/**
 * Roleable#whisperer? (app/models/concerns/roleable.rb): nobody whispers while
 * whispers_allowed_groups is empty (the default); otherwise admins and members of a listed
 * group. The sandbox knows the automatic groups staff, admins, moderators and trust_level_N.
 */
export function isWhisperer(state: ForumState, u: SUser | undefined): boolean {
  if (!u) return false;
  const groups = state.site.whispers_allowed_groups.split("|").map((g) => g.trim()).filter(Boolean);
  if (!groups.length) return false;
  if (u.admin) return true;
  return groups.some((g) => {
    if (g === "staff") return isStaff(u);
    if (g === "moderators") return u.moderator;
    const tl = /^trust_level_(\d)$/.exec(g);
    return tl ? u.trust_level >= Number(tl[1]) : false;
  });
}
