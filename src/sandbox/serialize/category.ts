import type { SCategory } from "../model.ts";
import type { ForumState } from "../state.ts";

export type CategoryCounts = Map<number, { topics: number; posts: number }>;

/** Topic and post counts of every category, counted once per request. */
export function categoryCounts(state: ForumState): CategoryCounts {
  const counts: CategoryCounts = new Map();
  for (const t of state.topics.values()) {
    if (t.deleted_at) continue;
    const c = counts.get(t.category_id) ?? { topics: 0, posts: 0 };
    c.topics++;
    for (const p of state.postsOf(t.id)) if (!p.deleted_at && p.post_type !== 4) c.posts++;
    counts.set(t.category_id, c);
  }
  return counts;
}

/** CategorySerializer (BasicCategorySerializer for lists; the full one for show and create). */
export function serializeCategory(state: ForumState, c: SCategory, counts: CategoryCounts, o: { full?: boolean; subcategoryList?: SCategory[] } = {}): Record<string, unknown> {
  const n = counts.get(c.id) ?? { topics: 0, posts: 0 };
  const children = [...state.categories.values()].filter((x) => x.parent_category_id === c.id);
  const base: Record<string, unknown> = {
    id: c.id, name: c.name, color: c.color, text_color: c.text_color, style_type: "square", emoji: null, icon: null, slug: c.slug,
    topic_count: n.topics, post_count: n.posts,
    position: c.position, description: c.description, description_text: c.description, description_excerpt: c.description,
    topic_url: null, read_restricted: false, permission: 1, notification_level: 1, can_edit: true,
    topic_template: null, topic_title_placeholder: null, has_children: children.length > 0, subcategory_count: children.length || null,
    sort_order: null, sort_ascending: null, show_subcategory_list: false, num_featured_topics: 3, default_view: null,
    subcategory_list_style: "rows_with_featured_topics", default_top_period: "all", default_list_filter: "all",
    minimum_required_tags: 0, navigate_to_first_post_after_read: false,
    topics_day: 0, topics_week: 0, topics_month: 0, topics_year: 0, topics_all_time: n.topics,
    subcategory_ids: children.map((x) => x.id),
    ...(o.subcategoryList ? { subcategory_list: o.subcategoryList.map((x) => serializeCategory(state, x, counts)) } : {}),
    parent_category_id: c.parent_category_id,
    uploaded_logo: null, uploaded_logo_dark: null, uploaded_background: null, uploaded_background_dark: null,
  };
  if (!o.full) return base;
  return {
    ...base, custom_fields: {}, required_tag_groups: [], read_only_banner: null, available_groups: [], auto_close_hours: null,
    auto_close_based_on_last_post: false, allow_unlimited_owner_edits_on_first_post: false, default_slow_mode_seconds: null,
    group_permissions: [{ permission_type: 1, group_name: "everyone", group_id: 0 }], email_in: null, email_in_allow_strangers: false,
    mailinglist_mirror: false, all_topics_wiki: false, can_delete: true, allow_badges: true, topic_featured_link_allowed: true,
    search_priority: 0, topic_posting_review_group_ids: [], reply_posting_review_group_ids: [],
  };
}
