import { z } from "zod";

/**
 * Response schemas for what the project reads. They are loose on purpose: real forums add
 * fields with every release, so unknown keys pass through, and only what we use is checked.
 */

const int = z.number().int();
/** [OAS] types reply_to_post_number as string|null; every recorded response has an integer or null. */
const postNumberRef = z
  .union([int, z.string().regex(/^\d+$/).transform(Number)])
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const actionSummary = z.looseObject({ id: int, count: int.optional() });

export const pollOptionSchema = z.looseObject({ id: z.string(), html: z.string(), votes: int.optional() });
export const pollSchema = z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  voters: int.optional().default(0),
  options: z.array(pollOptionSchema),
});
export type Poll = z.infer<typeof pollSchema>;

export const postSchema = z.looseObject({
  id: int,
  topic_id: int.optional(),
  post_number: int,
  post_type: int.optional().default(1),
  username: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  user_id: int.nullable().optional(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  cooked: z.string().optional().default(""),
  // Some installs (rich-text editor plugins) send raw as a document tree; then cooked is the text we use.
  raw: z.unknown().optional().transform((v) => (typeof v === "string" ? v : undefined)),
  reply_to_post_number: postNumberRef,
  reply_count: int.optional(),
  version: int.optional().default(1),
  deleted_at: z.string().nullable().optional(),
  user_deleted: z.boolean().optional(),
  hidden: z.boolean().optional(),
  action_code: z.string().nullable().optional(),
  actions_summary: z.array(actionSummary).optional(),
  topic_slug: z.string().optional(),
  polls: z.array(pollSchema).optional(),
});
export type Post = z.infer<typeof postSchema>;

/** Likes are not a field of their own on post JSON: they are action id 2 in actions_summary. */
export function likeCount(post: Pick<Post, "actions_summary">): number {
  return post.actions_summary?.find((a) => a.id === 2)?.count ?? 0;
}

/** A post sent for approval: 200, but no post yet. */
export const enqueuedSchema = z.looseObject({
  action: z.literal("enqueued"),
  pending_post: z.looseObject({ id: int }).optional(),
  pending_count: int.optional(),
  success: z.union([z.boolean(), z.string()]).optional(),
});

export const createPostResponseSchema = z.union([postSchema, enqueuedSchema]);

const tag = z.union([z.string(), z.looseObject({ id: int.optional(), name: z.string(), slug: z.string().optional() })]);

export const topicSchema = z.looseObject({
  id: int,
  title: z.string(),
  slug: z.string(),
  posts_count: int,
  category_id: int.nullable().optional(),
  closed: z.boolean().optional(),
  archived: z.boolean().optional(),
  visible: z.boolean().optional(),
  external_id: z.string().nullable().optional(),
  tags: z.array(tag).optional(),
  highest_post_number: int.optional(),
  created_at: z.string().optional(),
  last_posted_at: z.string().nullable().optional(),
  bumped_at: z.string().nullable().optional(),
  deleted_at: z.string().nullable().optional(),
  pinned: z.boolean().optional(),
  post_stream: z.looseObject({
    posts: z.array(postSchema),
    stream: z.array(int).optional(),
  }),
});
export type Topic = z.infer<typeof topicSchema>;

export const topicPostsSchema = z.looseObject({
  id: int.optional(),
  post_stream: z.looseObject({ posts: z.array(postSchema) }),
});

export const latestPostsSchema = z.looseObject({ latest_posts: z.array(postSchema) });

export const topicListItemSchema = z.looseObject({
  id: int,
  title: z.string(),
  slug: z.string(),
  posts_count: int.optional(),
  highest_post_number: int.optional(),
  bumped_at: z.string().nullable().optional(),
  pinned: z.boolean().optional(),
  closed: z.boolean().optional(),
  category_id: int.nullable().optional(),
  tags: z.array(tag).optional(),
});
export const topicListSchema = z.looseObject({
  topic_list: z.looseObject({ topics: z.array(topicListItemSchema), more_topics_url: z.string().optional() }),
});

export const userSchema = z.looseObject({
  id: int,
  username: z.string(),
  admin: z.boolean().optional(),
  moderator: z.boolean().optional(),
  trust_level: int.optional(),
});
/** /admin/users/{id}.json (AdminDetailedUserSerializer): what only staff see, such as whether the account is active. */
export const adminUserSchema = z.looseObject({
  id: int,
  username: z.string(),
  active: z.boolean().optional(),
  admin: z.boolean().optional(),
  moderator: z.boolean().optional(),
  trust_level: int.optional(),
  suspended_till: z.string().nullable().optional(),
  silenced_till: z.string().nullable().optional(),
});
export const userResponseSchema = z.looseObject({ user: userSchema });

export const createUserResponseSchema = z.looseObject({
  success: z.boolean(),
  active: z.boolean().optional(),
  message: z.string().optional(),
  user_id: int.optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});

export interface Category {
  id: number;
  name: string;
  slug: string;
  parent_category_id?: number | null;
  subcategory_list?: Category[];
  [k: string]: unknown;
}
export const categorySchema: z.ZodType<Category> = z.looseObject({
  id: int,
  name: z.string(),
  slug: z.string(),
  parent_category_id: int.nullable().optional(),
  get subcategory_list() {
    return z.array(categorySchema).optional();
  },
});
export const categoriesResponseSchema = z.looseObject({
  category_list: z.looseObject({ categories: z.array(categorySchema) }),
});
export const categoryResponseSchema = z.looseObject({ category: categorySchema });

export const voteResponseSchema = z.looseObject({ poll: pollSchema, vote: z.array(z.string()) });

export const successSchema = z.looseObject({ success: z.union([z.string(), z.boolean()]) });

/** Discourse's error envelope; every field optional, since proxies and old versions vary. */
export const errorEnvelopeSchema = z.looseObject({
  errors: z.array(z.string()).optional(),
  error_type: z.string().optional(),
  extras: z.record(z.string(), z.unknown()).nullable().optional(),
});
