import { ForumError, POST_TYPES, type SPost, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { insertPost } from "./posting.ts";
import { isStaff } from "./trust.ts";

const STATUSES = ["closed", "pinned", "pinned_globally", "visible", "archived"];

/**
 * topics#status through TopicStatusUpdater: the change, plus a small_action post
 * (`<status>.<enabled|disabled>`) that takes the next post number and fires post_created, then
 * the topic_<status>_status_updated webhook.
 */
export function setStatus(state: ForumState, actor: SUser, topicId: number, status: string, enabled: boolean): void {
  if (!STATUSES.includes(status)) throw ForumError.invalidParameters("status");
  const topic = state.topic(topicId);
  if (!topic) throw ForumError.notFound();
  if (!isStaff(actor)) throw ForumError.invalidAccess();
  state.change(() => {
    const key = status === "pinned_globally" ? "pinned" : (status as "closed" | "pinned" | "visible" | "archived");
    topic[key] = enabled;
    const post = insertPost(state, topic, actor, {
      raw: "",
      polls: [],
      at: state.now().toISOString(),
      postType: POST_TYPES.small_action,
      actionCode: `${status}.${enabled ? "enabled" : "disabled"}`,
    });
    // Only re-opening bumps the topic.
    if (status === "closed" && !enabled) topic.bumped_at = post.created_at;
    state.emit({ type: "post", event: "post_created", post });
    state.emit({ type: "topic", event: `topic_${status}_status_updated`, topic });
  });
}

function findPost(state: ForumState, id: number): SPost {
  const post = state.post(id);
  if (!post || post.deleted_at || !state.topicWithDeleted(post.topic_id)) throw ForumError.notFound();
  return post;
}

/**
 * Post#hide! (app/models/post.rb), what enough flags or a moderator's "agree and hide" do:
 * non-staff then see a placeholder instead of the post, and hiding the first post unlists the
 * topic (by the system user, with its small action). Discourse has no plain API call for this;
 * the sandbox offers it at /__sandbox/posts/{id}/hide.
 */
export function hidePost(state: ForumState, id: number, reasonId = 1): SPost {
  const post = findPost(state, id);
  if (post.hidden) return post;
  state.change(() => {
    post.hidden = true;
    post.hidden_at = state.now().toISOString();
    post.hidden_reason_id = reasonId;
    state.touch("posts", post);
    const topic = state.topic(post.topic_id);
    if (post.post_number === 1 && topic?.visible) setStatus(state, state.userById(-1)!, topic.id, "visible", false);
  });
  return post;
}

/** posts#unhide (PostGuardian#can_unhide?: staff, hidden posts): Post#unhide! relists a first post's topic. */
export function unhidePost(state: ForumState, actor: SUser, id: number): SPost {
  const post = findPost(state, id);
  if (!isStaff(actor) || !post.hidden) throw ForumError.invalidAccess();
  state.change(() => {
    post.hidden = false;
    post.hidden_reason_id = null;
    state.touch("posts", post);
    const topic = state.topic(post.topic_id);
    if (post.post_number === 1 && topic && !topic.visible) setStatus(state, state.userById(-1)!, topic.id, "visible", true);
  });
  return post;
}
