import { isStaff } from "../forum/trust.ts";
import type { SPost, STopic, SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { canSeePost, seesHiddenPost } from "./visibility.ts";

export const AVATAR = "/letter_avatar_proxy/v4/letter/{size}.png";
/** server.en.yml: what non-staff read in place of a hidden post. */
export const HIDDEN_COOKED = "<p>This post was flagged by the community and is temporarily hidden.</p>";

export function serializePoll(poll: SPost["polls"][number], viewer: SUser | undefined) {
  const voters = Object.keys(poll.votes).length;
  const counts = new Map<string, number>();
  for (const v of Object.values(poll.votes)) for (const o of v) counts.set(o, (counts.get(o) ?? 0) + 1);
  const voted = viewer && poll.votes[String(viewer.id)];
  const showVotes = poll.results === "always" || poll.status === "closed" || (poll.results === "on_vote" && !!voted) || (poll.results === "staff_only" && isStaff(viewer));
  return {
    name: poll.name,
    type: poll.type,
    status: poll.status,
    public: poll.public,
    results: poll.results,
    options: poll.options.map((o) => ({ id: o.id, html: o.html, ...(showVotes ? { votes: counts.get(o.id) ?? 0 } : {}) })),
    voters,
    chart_type: "bar",
    title: poll.title,
    closed_at: null,
    closed_by: null,
  };
}

/** Per-topic figures a page of posts shares, computed once per request rather than once per post. */
export interface TopicFigures {
  postsCount: number;
  replyCounts: Map<number, number>;
}
export function topicFigures(state: ForumState, topicId: number, viewer: SUser | undefined): TopicFigures {
  const replyCounts = new Map<number, number>();
  let postsCount = 0;
  for (const x of state.postsOf(topicId)) {
    if (x.deleted_at || !canSeePost(state, viewer, x)) continue;
    postsCount++;
    if (x.reply_to_post_number) replyCounts.set(x.reply_to_post_number, (replyCounts.get(x.reply_to_post_number) ?? 0) + 1);
  }
  return { postsCount, replyCounts };
}

/** app/serializers/post_serializer.rb, for the fields clients read, as the viewer may see them. */
export function serializePost(state: ForumState, post: SPost, viewer: SUser | undefined, o: { raw?: boolean; topic?: STopic; figures?: TopicFigures } = {}) {
  const author = state.userById(post.user_id);
  const topic = o.topic ?? state.topicWithDeleted(post.topic_id);
  const figures = o.figures ?? topicFigures(state, post.topic_id, viewer);
  const replyTo = post.reply_to_post_number ? state.postsOf(post.topic_id).find((x) => x.post_number === post.reply_to_post_number) : undefined;
  const replyToUser = replyTo ? state.userById(replyTo.user_id) : undefined;
  const staff = isStaff(viewer);
  const own = !!viewer && viewer.id === post.user_id;
  const cookedHidden = post.hidden && !seesHiddenPost(viewer, post);
  const likes = post.likes.length;
  const actions: Record<string, unknown>[] = [];
  if (likes > 0 || (viewer && !own)) {
    actions.push({
      id: 2,
      ...(likes > 0 ? { count: likes } : {}),
      ...(viewer && !own ? { can_act: !post.likes.includes(viewer.id) } : {}),
      ...(viewer && post.likes.includes(viewer.id) ? { acted: true, can_undo: true } : {}),
    });
  }
  const votes = viewer ? Object.fromEntries(post.polls.filter((p) => p.votes[String(viewer.id)]).map((p) => [p.name, p.votes[String(viewer.id)]!])) : {};
  return {
    id: post.id,
    name: author?.name ?? null,
    username: author?.username ?? null,
    avatar_template: AVATAR,
    created_at: post.created_at,
    cooked: cookedHidden ? HIDDEN_COOKED : post.cooked,
    post_number: post.post_number,
    post_type: post.post_type,
    posts_count: figures.postsCount,
    updated_at: post.updated_at,
    reply_count: figures.replyCounts.get(post.post_number) ?? 0,
    reply_to_post_number: post.reply_to_post_number,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 1,
    readers_count: 0,
    score: likes * 15,
    yours: own,
    topic_id: post.topic_id,
    topic_slug: topic?.slug ?? "topic",
    display_username: author?.name ?? null,
    primary_group_name: null,
    flair_name: null,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    flair_group_id: null,
    badges_granted: [],
    version: post.version,
    can_edit: staff || (own && !post.user_deleted && !post.deleted_at),
    can_delete: post.post_number !== 1 && !post.deleted_at && (staff || (own && !post.user_deleted)),
    can_recover: staff ? !!post.deleted_at : own && post.user_deleted,
    can_see_hidden_post: staff,
    can_wiki: staff,
    link_counts: [],
    read: true,
    user_title: null,
    bookmarked: false,
    // Raw of a hidden post goes only to staff and its author.
    ...(o.raw && !cookedHidden ? { raw: post.raw } : {}),
    actions_summary: actions,
    moderator: author?.moderator ?? false,
    admin: author?.admin ?? false,
    staff: isStaff(author),
    user_id: author?.id ?? null,
    hidden: post.hidden,
    ...(cookedHidden ? { cooked_hidden: true } : {}),
    ...(post.hidden && staff ? { hidden_reason_id: post.hidden_reason_id } : {}),
    trust_level: author?.trust_level ?? 0,
    deleted_at: post.deleted_at,
    user_deleted: post.user_deleted,
    edit_reason: null,
    can_view_edit_history: true,
    wiki: false,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: `/t/${topic?.slug ?? "topic"}/${post.topic_id}/${post.post_number}`,
    mentioned_users: [],
    post_localizations: [],
    ...(post.action_code ? { action_code: post.action_code } : {}),
    ...(replyToUser ? { reply_to_user: { username: replyToUser.username, name: replyToUser.name, avatar_template: AVATAR } } : {}),
    ...(post.polls.length ? { polls: post.polls.map((p) => serializePoll(p, viewer)) } : {}),
    ...(Object.keys(votes).length ? { polls_votes: votes } : {}),
  };
}
