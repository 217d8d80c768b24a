import { isStaff, isWhisperer } from "../forum/trust.ts";
import { POST_TYPES, type SPost, type STopic, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";

/**
 * Who sees which posts (lib/guardian/post_guardian.rb can_see_post?, Topic.visible_post_types):
 * whispers only whisperers and their author; deleted posts only staff.
 */
export function canSeePost(state: ForumState, viewer: SUser | undefined, post: SPost): boolean {
  if (post.post_type === POST_TYPES.whisper && !isWhisperer(state, viewer) && viewer?.id !== post.user_id) return false;
  if (post.deleted_at && !isStaff(viewer)) return false;
  return true;
}

/** A topic's stream for a viewer: what they may see, deleted posts left out except the first (TopicView). */
export function visiblePosts(state: ForumState, topic: STopic, viewer: SUser | undefined): SPost[] {
  return state.postsOf(topic.id).filter((p) => canSeePost(state, viewer, p) && (!p.deleted_at || p.post_number === 1));
}

/** Topics a viewer may open: deleted ones only staff (TopicGuardian#can_see_deleted_topics?). */
export function canSeeTopic(viewer: SUser | undefined, topic: STopic): boolean {
  return !topic.deleted_at || isStaff(viewer);
}

/** Post#hidden for a viewer: staff and the author still see a hidden post (PostSerializer#cooked_hidden). */
export function seesHiddenPost(viewer: SUser | undefined, post: SPost): boolean {
  return isStaff(viewer) || viewer?.id === post.user_id;
}
