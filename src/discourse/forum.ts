import { z } from "zod";
import type { DiscourseClient } from "./client.ts";
import { DiscourseHttpError } from "./errors.ts";
import {
  adminUserSchema,
  categoriesResponseSchema,
  categoryResponseSchema,
  createPostResponseSchema,
  createUserResponseSchema,
  latestPostsSchema,
  postSchema,
  successSchema,
  topicListSchema,
  topicPostsSchema,
  topicSchema,
  userResponseSchema,
  voteResponseSchema,
  type Category,
  type Post,
  type Topic,
} from "./schemas.ts";

/** Inputs are strict: a misspelt key (say `externalid`) is an error, never a silent drop. */
export const createTopicInput = z.strictObject({
  title: z.string().min(1),
  raw: z.string().min(1),
  category: z.number().int().optional(),
  external_id: z.string().max(50).regex(/^[\w-]+$/).optional(),
  tags: z.array(z.string()).optional(),
  created_at: z.string().optional(),
});
export const createReplyInput = z.strictObject({
  topic_id: z.number().int(),
  raw: z.string().min(1),
  reply_to_post_number: z.number().int().optional(),
});
export const createUserInput = z.strictObject({
  name: z.string(),
  username: z.string(),
  email: z.string(),
  password: z.string(),
  active: z.boolean().optional(),
  approved: z.boolean().optional(),
});

export type CreatedPost = Post | { action: "enqueued" };

/**
 * The endpoints this project uses, named as Discourse names them.
 * Each returns the parsed body of one request; pagination is the caller's loop.
 */
export class Forum {
  constructor(readonly client: DiscourseClient) {}

  // Topics
  getTopic(id: number, o: { includeRaw?: boolean } = {}): Promise<Topic> {
    return this.client.get(`/t/${id}.json`, { schema: topicSchema, query: { include_raw: o.includeRaw ? 1 : undefined } });
  }

  /** Null when no topic has that external_id: the publisher's "did my create land?" question. */
  async getTopicByExternalId(externalId: string): Promise<Topic | null> {
    try {
      return await this.client.get(`/t/external_id/${encodeURIComponent(externalId)}.json`, { schema: topicSchema, query: { include_raw: 1 } });
    } catch (e) {
      if (e instanceof DiscourseHttpError && e.status === 404) return null;
      throw e;
    }
  }

  getTopicPosts(topicId: number, postIds: readonly number[], o: { includeRaw?: boolean } = {}) {
    return this.client.get(`/t/${topicId}/posts.json`, {
      schema: topicPostsSchema,
      query: { post_ids: postIds, include_raw: o.includeRaw ? 1 : undefined },
    });
  }

  /**
   * Every post of a topic: the first chunk comes with the topic, the rest by id, 20 at a time,
   * as Discourse's web client asks. Deleted posts (visible to staff) are left out unless asked for.
   */
  async allPosts(topicId: number, o: { includeDeleted?: boolean } = {}): Promise<Post[]> {
    const topic = await this.getTopic(topicId, { includeRaw: true });
    const posts = [...topic.post_stream.posts];
    const have = new Set(posts.map((p) => p.id));
    const rest = (topic.post_stream.stream ?? []).filter((id) => !have.has(id));
    for (let i = 0; i < rest.length; i += 20) {
      const more = await this.getTopicPosts(topicId, rest.slice(i, i + 20), { includeRaw: true });
      posts.push(...more.post_stream.posts);
    }
    return o.includeDeleted ? posts : posts.filter((p) => !p.deleted_at || p.post_number === 1);
  }

  /** The last `n` posts of a topic (raw included): where a recent post of ours would be. */
  async lastPosts(topicId: number, n: number): Promise<Post[]> {
    const topic = await this.getTopic(topicId, { includeRaw: true });
    const stream = topic.post_stream.stream ?? topic.post_stream.posts.map((p) => p.id);
    const wanted = stream.slice(-n);
    const have = new Map(topic.post_stream.posts.map((p) => [p.id, p]));
    const rest = wanted.filter((id) => !have.has(id));
    for (let i = 0; i < rest.length; i += 20) {
      for (const p of (await this.getTopicPosts(topicId, rest.slice(i, i + 20), { includeRaw: true })).post_stream.posts) have.set(p.id, p);
    }
    return wanted.map((id) => have.get(id)).filter((p): p is Post => !!p);
  }

  async createTopic(input: z.input<typeof createTopicInput>, o: { asUser?: string } = {}): Promise<CreatedPost> {
    const body = createTopicInput.parse(input);
    return this.client.post("/posts.json", { schema: createPostResponseSchema, body, asUser: o.asUser }) as Promise<CreatedPost>;
  }

  updateTopicStatus(topicId: number, status: "closed" | "pinned" | "visible" | "archived", enabled: boolean) {
    return this.client.put(`/t/${topicId}/status.json`, {
      schema: successSchema,
      body: { status, enabled: String(enabled) },
      idempotent: true,
    });
  }

  latestTopics(o: { page?: number } = {}) {
    return this.client.get("/latest.json", { schema: topicListSchema, query: { page: o.page } });
  }

  /** A category's topics, most recently bumped first (pinned ones lead), 30 a page. */
  categoryTopics(category: { id: number; slug: string }, o: { page?: number } = {}) {
    return this.client.get(`/c/${encodeURIComponent(category.slug)}/${category.id}.json`, { schema: topicListSchema, query: { page: o.page } });
  }

  /**
   * A whole topic in as few requests as the forum allows: `print=true` makes TopicView send up to
   * 1,000 posts in one chunk (topics_controller.rb); whatever the stream lists beyond it comes by id.
   */
  async wholeTopic(topicId: number): Promise<{ topic: Topic; posts: Post[] }> {
    const topic = await this.client.get(`/t/${topicId}.json`, { schema: topicSchema, query: { print: "true", include_raw: 1 } });
    const posts = [...topic.post_stream.posts];
    const have = new Set(posts.map((p) => p.id));
    const rest = (topic.post_stream.stream ?? []).filter((id) => !have.has(id));
    // 20 ids a request, as Discourse's own web client asks for them.
    for (let i = 0; i < rest.length; i += 20) {
      posts.push(...(await this.getTopicPosts(topicId, rest.slice(i, i + 20), { includeRaw: true })).post_stream.posts);
    }
    return { topic, posts };
  }

  // Posts
  async createReply(input: z.input<typeof createReplyInput>, o: { asUser?: string } = {}): Promise<CreatedPost> {
    const body = createReplyInput.parse(input);
    return this.client.post("/posts.json", { schema: createPostResponseSchema, body, asUser: o.asUser }) as Promise<CreatedPost>;
  }

  getPost(id: number): Promise<Post> {
    return this.client.get(`/posts/${id}.json`, { schema: postSchema });
  }

  updatePost(id: number, raw: string, o: { asUser?: string; editReason?: string } = {}) {
    return this.client.put(`/posts/${id}.json`, {
      schema: z.looseObject({ post: postSchema }),
      body: { post: { raw, edit_reason: o.editReason } },
      asUser: o.asUser,
      idempotent: true,
    });
  }

  deletePost(id: number, o: { asUser?: string } = {}) {
    return this.client.delete(`/posts/${id}.json`, { schema: z.unknown(), asUser: o.asUser, idempotent: true });
  }

  latestPosts(o: { before?: number } = {}) {
    return this.client.get("/posts.json", { schema: latestPostsSchema, query: { before: o.before } });
  }

  like(postId: number, o: { asUser?: string } = {}) {
    return this.client.post("/post_actions.json", {
      schema: z.looseObject({}),
      body: { id: postId, post_action_type_id: 2 },
      asUser: o.asUser,
    });
  }

  // Users
  async getUser(username: string) {
    try {
      return (await this.client.get(`/u/${encodeURIComponent(username)}.json`, { schema: userResponseSchema })).user;
    } catch (e) {
      if (e instanceof DiscourseHttpError && e.status === 404) return null;
      throw e;
    }
  }

  createUser(input: z.input<typeof createUserInput>) {
    return this.client.post("/users.json", { schema: createUserResponseSchema, body: createUserInput.parse(input) });
  }

  /** Staff-only facts about an account (active, suspended...): Admin::UsersController#show. */
  getAdminUser(id: number) {
    return this.client.get(`/admin/users/${id}.json`, { schema: adminUserSchema });
  }

  /** Admin::UsersController#trust_level: an admin sets a level by hand (only admins may). */
  setTrustLevel(userId: number, level: 0 | 1 | 2 | 3 | 4) {
    return this.client.put(`/admin/users/${userId}/trust_level.json`, { schema: z.unknown(), body: { level }, idempotent: true });
  }

  /** Admin::UsersController#grant_moderation. */
  grantModeration(userId: number) {
    return this.client.put(`/admin/users/${userId}/grant_moderation.json`, { schema: z.unknown(), body: {}, idempotent: true });
  }

  // Categories
  /**
   * Every category, subcategories included: /categories.json lists them only with
   * include_subcategories=true (CategoriesController#index), nested under their parent.
   */
  async listCategories(): Promise<Category[]> {
    const top = (await this.client.get("/categories.json", { schema: categoriesResponseSchema, query: { include_subcategories: "true" } })).category_list.categories;
    const flat: Category[] = [];
    const walk = (list: readonly Category[], parent: Category | undefined) => {
      for (const c of list) {
        flat.push(parent && c.parent_category_id == null ? { ...c, parent_category_id: parent.id } : c);
        if (c.subcategory_list?.length) walk(c.subcategory_list, c);
      }
    };
    walk(top, undefined);
    return flat;
  }

  async createCategory(input: { name: string; slug?: string; color?: string; text_color?: string; parent_category_id?: number }) {
    return (await this.client.post("/categories.json", { schema: categoryResponseSchema, body: input })).category;
  }

  // Polls
  vote(postId: number, pollName: string, options: string[], o: { asUser?: string } = {}) {
    return this.client.put("/polls/vote.json", {
      schema: voteResponseSchema,
      body: { post_id: postId, poll_name: pollName, options },
      asUser: o.asUser,
      idempotent: true,
    });
  }
}

export function isEnqueued(p: CreatedPost): p is { action: "enqueued" } {
  return (p as { action?: string }).action === "enqueued";
}
