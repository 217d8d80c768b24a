import { ForumError, type SPost, type STopic, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { revise } from "./editing.ts";
import { isStaff } from "./trust.ts";

/**
 * Deleting and recovering, as lib/post_destroyer.rb does it. Staff deletions soft-delete
 * (deleted_at; staff still see the post). An author deleting their own post only replaces its
 * text with "(post deleted by author)" and marks it user_deleted (the first post: "(topic deleted
 * by author)", and the topic closes). Either way post_destroyed is announced, and topic_destroyed
 * when it was the first post.
 */
function destroy(state: ForumState, actor: SUser, post: SPost, topic: STopic): void {
  state.change(() => {
    const now = state.now().toISOString();
    if (isStaff(actor) || state.site.delete_removed_posts_after < 1) {
      post.deleted_at = now;
      post.deleted_by_id = actor.id;
      state.touch("posts", post);
      if (post.post_number === 1) {
        topic.deleted_at = now;
        topic.deleted_by_id = actor.id;
        state.touch("topics", topic);
      }
    } else if (actor.id === post.user_id) {
      revise(state, post, post.post_number === 1 ? "(topic deleted by author)" : "(post deleted by author)");
      post.user_deleted = true;
      if (post.post_number === 1) {
        topic.closed = true;
        state.touch("topics", topic);
      }
    }
    state.emit({ type: "post", event: "post_destroyed", post });
    if (post.post_number === 1) state.emit({ type: "topic", event: "topic_destroyed", topic });
  });
}

/**
 * posts#destroy with PostGuardian#can_delete_post?: never the first post (delete the topic),
 * not in an archived topic unless staff, the author's own post unless already deleted by them,
 * or any post for staff.
 */
export function destroyPost(state: ForumState, actor: SUser, id: number): void {
  const post = state.post(id);
  const topic = post && state.topicWithDeleted(post.topic_id);
  if (!post || !topic || (post.deleted_at && !isStaff(actor))) throw ForumError.notFound();
  const own = post.user_id === actor.id;
  const allowed = post.post_number !== 1 && !post.deleted_at && (isStaff(actor) || !topic.archived) && (own ? !post.user_deleted : isStaff(actor));
  if (!allowed) throw ForumError.invalidAccess();
  destroy(state, actor, post, topic);
}

/**
 * topics#destroy with TopicGuardian#can_delete_topic?: staff, or the author of a topic with no
 * replies created in the last 24 hours; then the first post goes through PostDestroyer.
 */
export function destroyTopic(state: ForumState, actor: SUser, topicId: number): void {
  const topic = state.topicWithDeleted(topicId);
  if (!topic) throw ForumError.notFound();
  const first = state.postsOf(topic.id)[0];
  const replies = state.postsOf(topic.id).filter((p) => p.post_number > 1 && !p.deleted_at && p.post_type === 1).length;
  const young = state.now().getTime() - Date.parse(topic.created_at) < 24 * 3600 * 1000;
  const allowed = !topic.deleted_at && (isStaff(actor) || (topic.user_id === actor.id && replies === 0 && young && !first?.user_deleted));
  if (!allowed || !first) throw ForumError.invalidAccess();
  destroy(state, actor, first, topic);
}

/**
 * PostDestroyer#recover with PostGuardian#can_recover_post?: staff recover a deleted post;
 * an author recovers a post they deleted themselves, getting its previous text back.
 * post_recovered is announced, and topic_recovered for a first post.
 */
export function recoverPost(state: ForumState, actor: SUser, id: number): SPost {
  const post = state.post(id);
  const topic = post && state.topicWithDeleted(post.topic_id);
  if (!post || !topic || (post.deleted_at && !isStaff(actor))) throw ForumError.notFound();
  const allowed = isStaff(actor) ? !!post.deleted_at || post.user_deleted : post.user_id === actor.id && post.user_deleted && !post.deleted_at;
  if (!allowed) throw ForumError.invalidAccess();
  state.change(() => {
    if (isStaff(actor) && post.deleted_at) {
      post.deleted_at = null;
      post.deleted_by_id = null;
      post.user_deleted = false;
      state.touch("posts", post);
    } else if (post.user_deleted) {
      post.user_deleted = false;
      if (post.post_number === 1) topic.closed = false;
      const previous = post.revisions.at(-1);
      if (previous !== undefined) revise(state, post, previous);
      state.touch("posts", post);
    }
    if (post.post_number === 1 && topic.deleted_at) {
      topic.deleted_at = null;
      topic.deleted_by_id = null;
    }
    state.touch("topics", topic);
    state.emit({ type: "post", event: "post_recovered", post });
    if (post.post_number === 1) state.emit({ type: "topic", event: "topic_recovered", topic });
  });
  return post;
}

/** topics#recover: staff bring back a deleted topic through its first post. */
export function recoverTopic(state: ForumState, actor: SUser, topicId: number): void {
  const topic = state.topicWithDeleted(topicId);
  if (!topic) throw ForumError.notFound();
  if (!isStaff(actor) || !topic.deleted_at) throw ForumError.invalidAccess();
  recoverPost(state, actor, state.postsOf(topic.id)[0]!.id);
}
