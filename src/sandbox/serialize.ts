import type { ForumState, SPost, STopic, SUser } from "./state.ts";

/** JSON shapes as Discourse's serializers produce them, for the fields clients read. */

export const AVATAR = "/letter_avatar_proxy/v4/letter/{size}.png";

export function serializeUser(u: SUser) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    avatar_template: AVATAR,
    trust_level: u.trust_level,
    admin: u.admin,
    moderator: u.moderator,
    created_at: u.created_at,
    last_posted_at: null,
    last_seen_at: null,
  };
}

export function serializePoll(poll: SPost["polls"][number], viewer: SUser | undefined) {
  const voters = Object.keys(poll.votes).length;
  const counts = new Map<string, number>();
  for (const v of Object.values(poll.votes)) for (const o of v) counts.set(o, (counts.get(o) ?? 0) + 1);
  const voted = viewer && poll.votes[String(viewer.id)];
  const showVotes =
    poll.results === "always" || poll.status === "closed" || (poll.results === "on_vote" && !!voted) || (poll.results === "staff_only" && (viewer?.admin || viewer?.moderator));
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

export function serializePost(state: ForumState, post: SPost, viewer: SUser | undefined, o: { raw?: boolean; topic?: STopic } = {}) {
  const author = state.userById(post.user_id);
  const topic = o.topic ?? state.data.topics.find((t) => t.id === post.topic_id);
  const replyTo = post.reply_to_post_number
    ? state.postsOf(post.topic_id).find((x) => x.post_number === post.reply_to_post_number)
    : undefined;
  const replyToUser = replyTo ? state.userById(replyTo.user_id) : undefined;
  const staff = !!(viewer?.admin || viewer?.moderator);
  const likes = post.likes.length;
  const actions: Record<string, unknown>[] = [];
  if (likes > 0 || (viewer && viewer.id !== post.user_id)) {
    actions.push({
      id: 2,
      ...(likes > 0 ? { count: likes } : {}),
      ...(viewer && viewer.id !== post.user_id ? { can_act: !post.likes.includes(viewer.id) } : {}),
      ...(viewer && post.likes.includes(viewer.id) ? { acted: true, can_undo: true } : {}),
    });
  }
  const votes = viewer
    ? Object.fromEntries(post.polls.filter((p) => p.votes[String(viewer.id)]).map((p) => [p.name, p.votes[String(viewer.id)]!]))
    : {};
  return {
    id: post.id,
    name: author?.name ?? null,
    username: author?.username ?? null,
    avatar_template: AVATAR,
    created_at: post.created_at,
    cooked: post.cooked,
    post_number: post.post_number,
    post_type: post.post_type,
    updated_at: post.updated_at,
    reply_count: state.postsOf(post.topic_id).filter((x) => x.reply_to_post_number === post.post_number && !x.deleted_at).length,
    reply_to_post_number: post.reply_to_post_number,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 1,
    readers_count: 0,
    score: likes * 15,
    yours: viewer?.id === post.user_id,
    topic_id: post.topic_id,
    topic_slug: topic?.slug ?? "topic",
    display_username: author?.name ?? null,
    primary_group_name: null,
    flair_name: null,
    version: post.version,
    can_edit: staff || viewer?.id === post.user_id,
    can_delete: staff || viewer?.id === post.user_id,
    can_recover: staff,
    can_wiki: staff,
    user_title: null,
    bookmarked: false,
    ...(o.raw ? { raw: post.raw } : {}),
    actions_summary: actions,
    moderator: author?.moderator ?? false,
    admin: author?.admin ?? false,
    staff: !!(author?.admin || author?.moderator),
    user_id: author?.id ?? null,
    hidden: false,
    trust_level: author?.trust_level ?? 0,
    deleted_at: post.deleted_at,
    user_deleted: false,
    edit_reason: null,
    can_view_edit_history: true,
    wiki: false,
    action_code: post.action_code,
    ...(replyToUser ? { reply_to_user: { username: replyToUser.username, name: replyToUser.name, avatar_template: AVATAR } } : {}),
    ...(post.polls.length ? { polls: post.polls.map((p) => serializePoll(p, viewer)) } : {}),
    ...(Object.keys(votes).length ? { polls_votes: votes } : {}),
  };
}

/** Posts a viewer sees in a topic's stream: whispers and deleted posts stay out (but #1). */
export function visiblePosts(state: ForumState, topic: STopic): SPost[] {
  return state.postsOf(topic.id).filter((p) => (!p.deleted_at || p.post_number === 1) && p.post_type !== 4);
}

export function serializeTopicListItem(state: ForumState, t: STopic) {
  const posts = visiblePosts(state, t);
  const posterIds = [...new Set(posts.map((p) => p.user_id))];
  return {
    id: t.id,
    title: t.title,
    fancy_title: t.title,
    slug: t.slug,
    posts_count: posts.length,
    reply_count: Math.max(0, posts.filter((p) => p.post_type === 1).length - 1),
    highest_post_number: t.highest_post_number,
    image_url: null,
    created_at: t.created_at,
    last_posted_at: t.last_posted_at,
    bumped: true,
    bumped_at: t.bumped_at,
    archetype: "regular",
    unseen: false,
    pinned: t.pinned,
    unpinned: null,
    visible: t.visible,
    closed: t.closed,
    archived: t.archived,
    bookmarked: null,
    liked: null,
    tags: t.tags,
    views: 0,
    like_count: posts.reduce((n, p) => n + p.likes.length, 0),
    has_summary: false,
    last_poster_username: state.userById(posts.at(-1)?.user_id ?? t.user_id)?.username ?? null,
    category_id: t.category_id,
    pinned_globally: false,
    featured_link: null,
    posters: posterIds.slice(0, 5).map((id, i) => ({ extras: i === 0 ? "latest single" : null, description: i === 0 ? "Original Poster" : "Frequent Poster", user_id: id, primary_group_id: null })),
  };
}

export function serializeTopic(state: ForumState, t: STopic, viewer: SUser | undefined, o: { raw?: boolean; page?: number } = {}) {
  const posts = visiblePosts(state, t);
  const chunk = 20;
  const page = Math.max(1, o.page ?? 1);
  const slice = posts.slice((page - 1) * chunk, page * chunk);
  const creator = state.userById(t.user_id);
  const last = state.userById(posts.at(-1)?.user_id ?? t.user_id);
  const mini = (u: SUser | undefined) => (u ? { id: u.id, username: u.username, name: u.name, avatar_template: AVATAR } : null);
  const item = serializeTopicListItem(state, t);
  return {
    post_stream: {
      posts: slice.map((p) => serializePost(state, p, viewer, { raw: o.raw, topic: t })),
      stream: posts.map((p) => p.id),
    },
    timeline_lookup: [[1, 0]],
    suggested_topics: [],
    tags: t.tags,
    tags_descriptions: {},
    id: t.id,
    title: t.title,
    fancy_title: t.title,
    posts_count: posts.length,
    created_at: t.created_at,
    views: 0,
    reply_count: item.reply_count,
    like_count: item.like_count,
    last_posted_at: t.last_posted_at,
    visible: t.visible,
    closed: t.closed,
    archived: t.archived,
    has_summary: false,
    archetype: "regular",
    slug: t.slug,
    category_id: t.category_id,
    word_count: posts.reduce((n, p) => n + p.raw.split(/\s+/).filter(Boolean).length, 0),
    deleted_at: t.deleted_at,
    user_id: t.user_id,
    featured_link: null,
    pinned_globally: false,
    pinned_at: null,
    pinned_until: null,
    image_url: null,
    slow_mode_seconds: 0,
    draft: null,
    draft_key: `topic_${t.id}`,
    draft_sequence: 0,
    unpinned: null,
    pinned: t.pinned,
    current_post_number: 1,
    highest_post_number: t.highest_post_number,
    deleted_by: null,
    has_deleted: posts.length !== state.postsOf(t.id).length,
    actions_summary: [],
    chunk_size: chunk,
    bookmarked: false,
    topic_timer: null,
    message_bus_last_id: 0,
    participant_count: new Set(posts.map((p) => p.user_id)).size,
    show_read_indicator: false,
    thumbnails: null,
    ...(t.external_id ? { external_id: t.external_id } : {}),
    details: {
      can_edit: !!(viewer?.admin || viewer?.moderator),
      notification_level: 1,
      participants: [...new Set(posts.map((p) => p.user_id))].map((id) => ({ ...mini(state.userById(id)), post_count: posts.filter((p) => p.user_id === id).length })),
      created_by: mini(creator),
      last_poster: mini(last),
    },
  };
}

/** WebHookTopicViewSerializer: topic fields, created_by and last_poster, no post_stream. */
export function serializeWebhookTopic(state: ForumState, t: STopic) {
  const { post_stream: _ps, suggested_topics: _st, timeline_lookup: _tl, details, ...rest } = serializeTopic(state, t, state.userById(-1));
  return { ...rest, created_by: details.created_by, last_poster: details.last_poster };
}

/** WebHookPostSerializer: post fields with raw, topic facts, no actions_summary. */
export function serializeWebhookPost(state: ForumState, p: SPost) {
  const { actions_summary: _a, yours: _y, can_edit: _e, can_delete: _d, can_recover: _r, can_wiki: _w, ...rest } = serializePost(state, p, state.userById(-1), { raw: true });
  const topic = state.data.topics.find((t) => t.id === p.topic_id);
  const regular = state.postsOf(p.topic_id).filter((x) => x.post_type === 1 && !x.deleted_at);
  const cat = state.data.categories.find((c) => c.id === topic?.category_id);
  return {
    ...rest,
    topic_title: topic?.title ?? null,
    category_id: topic?.category_id ?? null,
    category_slug: cat?.slug ?? null,
    topic_posts_count: state.postsOf(p.topic_id).filter((x) => !x.deleted_at).length,
    topic_filtered_posts_count: regular.length,
    topic_archetype: "regular",
  };
}
