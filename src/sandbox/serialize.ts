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

/** UserSerializer's full shape for GET /u/{username}.json, as the viewer may see it. */
export function serializeUserDetail(state: ForumState, u: SUser, viewer: SUser | undefined) {
  const staff = !!(viewer?.admin || viewer?.moderator);
  const posts = state.data.posts.filter((p) => p.user_id === u.id && !p.deleted_at && p.post_type === 1);
  return {
    ...serializeUser(u),
    ignored: false,
    muted: false,
    can_ignore_user: !!viewer && viewer.id !== u.id,
    can_mute_user: !!viewer && viewer.id !== u.id,
    can_send_private_messages: !!viewer,
    can_send_private_message_to_user: !!viewer && viewer.id !== u.id,
    title: null,
    badge_count: 0,
    custom_fields: {},
    time_read: 0,
    recent_time_read: 0,
    primary_group_id: null,
    primary_group_name: null,
    flair_group_id: null,
    flair_name: null,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    featured_topic: null,
    staged: false,
    can_edit: staff || viewer?.id === u.id,
    can_edit_username: staff,
    can_edit_email: staff,
    can_edit_name: staff || viewer?.id === u.id,
    uploaded_avatar_id: null,
    has_title_badges: false,
    pending_count: 0,
    profile_view_count: 0,
    second_factor_enabled: false,
    can_upload_profile_header: true,
    can_upload_user_card_background: true,
    post_count: posts.length,
    topic_count: state.data.topics.filter((t) => t.user_id === u.id && !t.deleted_at).length,
    can_be_deleted: staff && !u.admin,
    can_delete_all_posts: staff,
    locale: null,
    muted_category_ids: [],
    regular_category_ids: [],
    watched_tags: [],
    watching_first_post_tags: [],
    tracked_tags: [],
    muted_tags: [],
    tracked_category_ids: [],
    watched_category_ids: [],
    watched_first_post_category_ids: [],
    system_avatar_upload_id: null,
    system_avatar_template: AVATAR,
    muted_usernames: [],
    ignored_usernames: [],
    allowed_pm_usernames: [],
    mailing_list_posts_per_day: 0,
    can_change_bio: true,
    can_change_location: true,
    can_change_website: true,
    can_change_tracking_preferences: true,
    user_api_keys: null,
    user_auth_tokens: [],
    user_notification_schedule: {
      enabled: false,
      ...Object.fromEntries([0, 1, 2, 3, 4, 5, 6].flatMap((d) => [[`day_${d}_start_time`, 480], [`day_${d}_end_time`, 1020]])),
    },
    use_logo_small_as_avatar: false,
    featured_user_badge_ids: [],
    invited_by: null,
    groups: [],
    group_users: [],
    user_option: {
      user_id: u.id, mailing_list_mode: false, mailing_list_mode_frequency: 1, email_digests: true, email_level: 1,
      email_messages_level: 0, external_links_in_new_tab: false, color_scheme_id: null, dark_scheme_id: null,
      dynamic_favicon: false, enable_quoting: true, enable_smart_lists: true, enable_markdown_monospace_font: false,
      digest_after_minutes: 10080, automatically_unpin_topics: true, auto_track_topics_after_msecs: 240000,
      notification_level_when_replying: 2, new_topic_duration_minutes: 2880, email_previous_replies: 2,
      email_in_reply_to: true, like_notification_frequency: 1, notify_on_linked_posts: true, push_notification_level: "all",
      enable_upcoming_change_available_notifications: false, include_tl0_in_digests: false, theme_ids: [], theme_key_seq: 0,
      allow_private_messages: true, enable_allowed_pm_users: false, homepage_id: null, hide_profile_and_presence: false,
      hide_profile: false, hide_presence: false, text_size: "normal", text_size_seq: 0, title_count_mode: "notifications",
      timezone: null, skip_new_user_tips: false, topics_unread_when_closed: true, interface_color_mode: 1,
      automatically_translate: false, understood_languages: [], show_original_content: false, send_shortcut: "ctrl_enter",
    },
    ...(staff ? { email: u.email } : {}),
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
  const siblings = state.postsOf(post.topic_id);
  const replyTo = post.reply_to_post_number
    ? siblings.find((x) => x.post_number === post.reply_to_post_number)
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
    posts_count: siblings.filter((x) => !x.deleted_at).length,
    updated_at: post.updated_at,
    reply_count: siblings.filter((x) => x.reply_to_post_number === post.post_number && !x.deleted_at).length,
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
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    flair_group_id: null,
    badges_granted: [],
    version: post.version,
    can_edit: staff || viewer?.id === post.user_id,
    can_delete: staff || viewer?.id === post.user_id,
    can_recover: staff,
    can_see_hidden_post: staff,
    can_wiki: staff,
    link_counts: [],
    read: true,
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
      created_by: mini(creator),
      last_poster: mini(last),
    },
  };
}

function topicPermissions(viewer: SUser | undefined, t: STopic) {
  const staff = !!(viewer?.admin || viewer?.moderator);
  return {
    can_edit: staff || viewer?.id === t.user_id,
    can_move_posts: staff,
    can_delete: staff,
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
