import { isStaff } from "../forum/trust.ts";
import type { SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { AVATAR } from "./post.ts";

/** JSON shapes of users as Discourse's serializers produce them. */

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
  const staff = isStaff(viewer);
  const posts = [...state.posts.values()].filter((p) => p.user_id === u.id && !p.deleted_at && p.post_type === 1);
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
    topic_count: [...state.topics.values()].filter((t) => t.user_id === u.id && !t.deleted_at).length,
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

function activity(state: ForumState, u: SUser) {
  let posts = 0;
  let topics = 0;
  for (const p of state.posts.values()) if (p.user_id === u.id && !p.deleted_at && p.post_type === 1) posts++;
  for (const t of state.topics.values()) if (t.user_id === u.id && !t.deleted_at) topics++;
  return { posts, topics };
}

/** AdminUserSerializer: what admin/users#trust_level and #grant_moderation answer, under `admin_user`. */
export function serializeAdminUser(state: ForumState, u: SUser) {
  const a = activity(state, u);
  const age = (iso: string) => (state.now().getTime() - Date.parse(iso)) / 1000;
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    avatar_template: AVATAR,
    email: u.email,
    secondary_emails: [],
    active: u.active,
    admin: u.admin,
    moderator: u.moderator,
    last_seen_at: null,
    last_emailed_at: null,
    created_at: u.created_at,
    last_seen_age: null,
    last_emailed_age: null,
    created_at_age: age(u.created_at),
    trust_level: u.trust_level,
    manual_locked_trust_level: null,
    title: null,
    time_read: 0,
    staged: false,
    days_visited: 0,
    posts_read_count: 0,
    topics_entered: 0,
    post_count: a.posts,
    associated_accounts: [],
    can_send_activation_email: !u.active,
    can_activate: !u.active,
    can_deactivate: u.active && !u.admin,
    can_change_trust_level: true,
    ip_address: "127.0.0.1",
    registration_ip_address: null,
    can_grant_admin: !u.admin,
    can_revoke_admin: u.admin && u.id > 0,
    can_grant_moderation: !u.moderator,
    can_revoke_moderation: u.moderator && !u.admin,
    can_impersonate: false,
    like_count: 0,
    like_given_count: 0,
    topic_count: a.topics,
    flags_given_count: 0,
    flags_received_count: 0,
    private_topics_count: 0,
    can_delete_all_posts: !u.admin,
    can_be_deleted: !u.admin && a.posts === 0,
    can_be_anonymized: !u.admin,
    can_be_merged: !u.admin,
    full_suspend_reason: null,
    primary_group_id: null,
    badge_count: 0,
    warnings_received_count: 0,
    bounce_score: 0,
    reset_bounce_score_after: null,
    can_view_action_logs: true,
    can_disable_second_factor: false,
    can_delete_sso_record: false,
    api_key_count: 0,
    single_sign_on_record: null,
  };
}

/** AdminDetailedUserSerializer: GET /admin/users/{id}.json, at the root. */
export function serializeAdminDetailedUser(state: ForumState, u: SUser) {
  const { email: _e, secondary_emails: _s, ...base } = serializeAdminUser(state, u);
  return {
    ...base,
    approved_by: null,
    suspended_by: null,
    silenced_by: null,
    penalty_counts: { silenced: 0, suspended: 0 },
    groups: [],
    external_ids: {},
    include_ip: true,
  };
}
