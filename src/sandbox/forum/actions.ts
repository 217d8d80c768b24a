import { ForumError, type SPost, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";

/** post_actions#create for a like (post_action_type_id 2): once per user, never one's own post. */
export function like(state: ForumState, actor: SUser, postId: number): SPost {
  const post = state.post(postId);
  if (!post || post.deleted_at) throw ForumError.notFound();
  if (post.likes.includes(actor.id) || post.user_id === actor.id) throw ForumError.invalidAccess();
  return state.change(() => {
    post.likes.push(actor.id);
    state.touch("posts", post);
    return post;
  });
}

/** PUT /polls/vote (plugins/poll): a vote replaces the voter's earlier one. */
export function vote(state: ForumState, actor: SUser, postId: number, pollName: string, options: string[]) {
  const post = state.post(postId);
  if (!post || post.deleted_at) throw ForumError.notFound();
  const poll = post.polls.find((x) => x.name === pollName);
  if (!poll) throw new ForumError(422, { errors: [`No poll named ${pollName} exists in this post.`] });
  if (poll.status === "closed") throw new ForumError(422, { errors: ["You cannot vote on closed polls."] });
  const valid = new Set(poll.options.map((o) => o.id));
  const chosen = [...new Set(options)].filter((o) => valid.has(o));
  if (chosen.length === 0 || (poll.type === "regular" && chosen.length > 1)) {
    throw new ForumError(422, { errors: ["Requested poll options are invalid."] });
  }
  state.change(() => {
    poll.votes[String(actor.id)] = chosen;
    state.touch("posts", post);
  });
  return { poll, vote: chosen };
}
