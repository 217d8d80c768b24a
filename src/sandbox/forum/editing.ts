import { cook, parsePolls, pollErrors } from "../cook.ts";
import { ForumError, type SPost, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { postErrors } from "./post-rules.ts";
import { isStaff } from "./trust.ts";

/**
 * PostGuardian#can_edit_post? (lib/guardian/post_guardian.rb): staff edit anything; an author
 * edits their own post unless it is deleted, deleted by them, or its topic is archived.
 */
function canEdit(state: ForumState, u: SUser, post: SPost): boolean {
  if (isStaff(u)) return true;
  const topic = state.topicWithDeleted(post.topic_id);
  if (!topic || topic.archived || post.user_deleted || post.deleted_at) return false;
  return post.user_id === u.id;
}

/**
 * Rewrites a post as PostRevisor#revise! does: a new version, the old raw kept as a revision,
 * polls re-read (votes kept by poll name), and `post_edited` announced
 * (config/initializers/012-web_hook_events.rb: an edit of the first post that leaves the topic
 * alone sends post_edited only; nothing is sent for posts of a deleted topic).
 */
export function revise(state: ForumState, post: SPost, raw: string): void {
  post.revisions.push(post.raw);
  post.raw = raw.replace(/\s+$/, "");
  post.cooked = cook(post.raw);
  post.version++;
  post.updated_at = state.now().toISOString();
  const oldVotes = new Map(post.polls.map((x) => [x.name, x.votes]));
  post.polls = parsePolls(post.raw).map((x) => ({ ...x, votes: oldVotes.get(x.name) ?? {} }));
  state.touch("posts", post);
  if (!state.topicWithDeleted(post.topic_id)?.deleted_at) state.emit({ type: "post", event: "post_edited", post });
}

/** posts#update (app/controllers/posts_controller.rb): `post[raw]` is required. */
export function updatePost(state: ForumState, actor: SUser, id: number, raw: string | undefined): SPost {
  const found = state.post(id);
  // Only staff find deleted posts (posts#update uses with_deleted for staff).
  const post = found && (!found.deleted_at || isStaff(actor)) ? found : undefined;
  if (!post) throw ForumError.notFound();
  if (!canEdit(state, actor, post)) throw ForumError.invalidAccess();
  if (raw === undefined) throw ForumError.parameterMissing("post");
  const cooked = cook(raw);
  const errors = [...postErrors(state, actor, raw, { topic: state.topicWithDeleted(post.topic_id), cooked, firstPost: post.post_number === 1, edit: true }), ...pollErrors(parsePolls(raw))];
  if (errors.length) throw ForumError.unprocessable(undefined, errors);
  if (raw.replace(/\s+$/, "") !== post.raw) state.change(() => revise(state, post, raw));
  return post;
}
