import { isStaff, isWhisperer } from "../forum/trust.ts";
import { POST_TYPES, type STopic, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { AVATAR, serializePost, topicFigures } from "./post.ts";
import { visiblePosts } from "./visibility.ts";

/** lib/topic_view.rb: CHUNK_SIZE and the print chunk. */
export const CHUNK_SIZE = 20;
export const PRINT_CHUNK_SIZE = 1000;

/** highest_post_number as the viewer may know it: whispers' numbers only for whisperers. */
function highestFor(state: ForumState, t: STopic, viewer: SUser | undefined): number {
  if (isWhisperer(state, viewer)) return t.highest_post_number;
  let n = 0;
  for (const p of state.postsOf(t.id)) if (p.post_type !== POST_TYPES.whisper && p.post_number > n) n = p.post_number;
  return n;
}

export function serializeTopicListItem(state: ForumState, t: STopic, viewer?: SUser) {
  const posts = visiblePosts(state, t, viewer);
  const posterIds = [...new Set(posts.map((p) => p.user_id))];
  return {
    id: t.id,
    title: t.title,
    fancy_title: t.title,
    slug: t.slug,
    posts_count: posts.length,
    reply_count: Math.max(0, posts.filter((p) => p.post_type === POST_TYPES.regular).length - 1),
    highest_post_number: highestFor(state, t, viewer),
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
    bookmarked: false,
    liked: false,
    tags: t.tags,
    views: 0,
    like_count: posts.reduce((n, p) => n + p.likes.length, 0),
    has_summary: false,
    last_poster_username: state.userById(posts.at(-1)?.user_id ?? t.user_id)?.username ?? null,
    category_id: t.category_id,
    pinned_globally: false,
    featured_link: null,
    posters: posterIds.slice(0, 5).map((id, i) => ({ extras: i === 0 ? (posterIds.length === 1 ? "latest single" : "") : i === posterIds.length - 1 ? "latest" : "", description: i === 0 ? "Original Poster" : "Frequent Poster", user_id: id, primary_group_id: null })),
  };
}

const mini = (u: SUser | undefined) => (u ? { id: u.id, username: u.username, name: u.name, avatar_template: AVATAR } : null);

/**
 * app/serializers/topic_view_serializer.rb for GET /t/{id}.json: a chunk of posts (20, or 1,000 with ?print=true)
 * and the ids of the whole stream.
 */
export function serializeTopic(state: ForumState, t: STopic, viewer: SUser | undefined, o: { raw?: boolean; page?: number; chunk?: number } = {}) {
  const posts = visiblePosts(state, t, viewer);
  const chunk = o.chunk ?? CHUNK_SIZE;
  const page = Math.max(1, o.page ?? 1);
  const slice = posts.slice((page - 1) * chunk, page * chunk);
  const figures = topicFigures(state, t.id, viewer);
  const item = serializeTopicListItem(state, t, viewer);
  return {
    post_stream: {
      posts: slice.map((p) => serializePost(state, p, viewer, { raw: o.raw, topic: t, figures })),
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
    highest_post_number: item.highest_post_number,
    deleted_by: t.deleted_by_id !== null && isStaff(viewer) ? mini(state.userById(t.deleted_by_id)) : null,
    has_deleted: state.postsOf(t.id).some((p) => !!p.deleted_at),
    actions_summary: [],
    chunk_size: chunk,
    bookmarked: false,
    bookmarks: [],
    topic_timer: null,
    slow_mode_enabled_until: null,
    message_bus_last_id: 0,
    participant_count: new Set(posts.map((p) => p.user_id)).size,
    show_read_indicator: false,
    thumbnails: null,
    ...(t.external_id ? { external_id: t.external_id } : {}),
    details: {
      ...topicPermissions(viewer, t),
      notification_level: 1,
      participants: [...new Set(posts.map((p) => p.user_id))].map((id) => {
        const u = state.userById(id);
        return {
          ...mini(u), post_count: posts.filter((p) => p.user_id === id).length, primary_group_name: null, flair_name: null,
          flair_url: null, flair_color: null, flair_bg_color: null, admin: u?.admin ?? false, moderator: u?.moderator ?? false,
          trust_level: u?.trust_level ?? 0,
        };
      }),
      created_by: mini(state.userById(t.user_id)),
      last_poster: mini(state.userById(posts.at(-1)?.user_id ?? t.user_id)),
    },
  };
}

function topicPermissions(viewer: SUser | undefined, t: STopic) {
  const staff = isStaff(viewer);
  return {
    can_edit: staff || viewer?.id === t.user_id,
    can_move_posts: staff,
    can_delete: staff && !t.deleted_at,
    can_recover: staff && !!t.deleted_at,
    can_remove_allowed_users: staff,
    can_create_post: !!viewer && (!t.closed || staff),
    can_reply_as_new_topic: !!viewer,
    can_invite_to: staff,
    can_invite_via_email: staff,
    can_flag_topic: !!viewer,
    can_convert_topic: staff,
    can_review_topic: staff,
    can_close_topic: staff,
    can_archive_topic: staff,
    can_split_merge_topic: staff,
    can_edit_staff_notes: staff,
    can_toggle_topic_visibility: staff,
    can_pin_unpin_topic: staff,
    can_banner_topic: staff,
    can_moderate_category: staff,
    can_remove_self_id: viewer?.id ?? 0,
  };
}

/** WebHookTopicViewSerializer: topic fields, created_by and last_poster, no post_stream. */
export function serializeWebhookTopic(state: ForumState, t: STopic) {
  const { post_stream: _ps, suggested_topics: _st, timeline_lookup: _tl, details, ...rest } = serializeTopic(state, t, state.userById(-1));
  return { ...rest, created_by: details.created_by, last_poster: details.last_poster };
}

/** WebHookPostSerializer: post fields with raw, topic facts, no actions_summary. */
export function serializeWebhookPost(state: ForumState, p: Parameters<typeof serializePost>[1]) {
  const { actions_summary: _a, yours: _y, can_edit: _e, can_delete: _d, can_recover: _r, can_wiki: _w, ...rest } = serializePost(state, p, state.userById(-1), { raw: true });
  const topic = state.topicWithDeleted(p.topic_id);
  const cat = topic ? state.categories.get(topic.category_id) : undefined;
  const all = state.postsOf(p.topic_id);
  return {
    ...rest,
    topic_title: topic?.title ?? null,
    category_id: topic?.category_id ?? null,
    category_slug: cat?.slug ?? null,
    topic_posts_count: all.filter((x) => !x.deleted_at).length,
    topic_filtered_posts_count: all.filter((x) => x.post_type === POST_TYPES.regular && !x.deleted_at).length,
    topic_archetype: "regular",
  };
}
