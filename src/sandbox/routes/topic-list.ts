import type { Request, Response } from "express";
import { ctx } from "../context.ts";
import type { STopic } from "../model.ts";
import { AVATAR } from "../serialize/post.ts";
import { serializeTopicListItem } from "../serialize/topic.ts";
import { visiblePosts } from "../serialize/visibility.ts";
import type { ForumState } from "../state.ts";

/**
 * TopicQuery's lists (/latest.json, a category's topics): visible, undeleted topics, pinned
 * first, then by bumped_at; `page` is 0-based, `per_page` 1..100 (30 by default).
 */
export function topicList(state: ForumState, req: Request, res: Response, filter: (t: STopic) => boolean) {
  const viewer = ctx(res).actor;
  const perPage = Math.min(100, Math.max(1, Number(req.query.per_page) || 30));
  const page = Math.max(0, Number(req.query.page) || 0);
  const all = [...state.topics.values()]
    .filter((t) => !t.deleted_at && t.visible && filter(t))
    .sort((a, b) => (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) || b.bumped_at.localeCompare(a.bumped_at) || b.id - a.id);
  const topics = all.slice(page * perPage, (page + 1) * perPage);
  const userIds = [...new Set(topics.flatMap((t) => visiblePosts(state, t, viewer).map((p) => p.user_id)))];
  return {
    users: userIds.map((id) => state.userById(id)).filter((u) => !!u).map((u) => ({ id: u.id, username: u.username, name: u.name, avatar_template: AVATAR })),
    primary_groups: [],
    topic_list: {
      can_create_topic: !!viewer,
      per_page: perPage,
      ...(all.length > (page + 1) * perPage ? { more_topics_url: `${req.path}?page=${page + 1}` } : {}),
      top_tags: [],
      topics: topics.map((t) => serializeTopicListItem(state, t, viewer)),
    },
  };
}
