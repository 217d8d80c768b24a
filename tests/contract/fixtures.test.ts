import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  categoriesResponseSchema,
  createPostResponseSchema,
  latestPostsSchema,
  likeCount,
  postSchema,
  topicListSchema,
  topicPostsSchema,
  topicSchema,
  userResponseSchema,
  voteResponseSchema,
} from "../../src/discourse/schemas.ts";
import { verifyWebhook } from "../../src/discourse/webhook-signature.ts";
import { sharedDir } from "../helpers.ts";

const shared = sharedDir();
const fixture = (p: string) => JSON.parse(readFileSync(path.join(shared!, "discourse/fixtures", p), "utf8")) as unknown;

/** Every recorded response the client reads, with the schema it reads it with. */
const CASES: [string, z.ZodType][] = [
  ["discourse_api/topic.json", topicSchema],
  ["discourse_api_docs/topics_topic_response.json", topicSchema],
  ["discourse_api/topic_posts.json", topicPostsSchema],
  ["discourse_api/posts_latest.json", latestPostsSchema],
  ["discourse_api/posts_before.json", latestPostsSchema],
  ["discourse_api/post.json", postSchema],
  ["discourse_api_docs/posts_get_post_response.json", postSchema],
  ["discourse_api/latest.json", topicListSchema],
  ["discourse_api/new.json", topicListSchema],
  ["discourse_api/top.json", topicListSchema],
  ["discourse_api/category_latest_topics.json", topicListSchema],
  ["discourse_api_docs/topics_latest_topics_response.json", topicListSchema],
  ["discourse_api/user.json", userResponseSchema],
  ["discourse_api_docs/users_get_user_response.json", userResponseSchema],
  ["discourse_api/categories.json", categoriesResponseSchema],
  ["discourse_api/polls_vote.json", voteResponseSchema],
  ["discourse_api/create_topic_with_tags.json", createPostResponseSchema],
  ["wp_discourse/post_create.json", createPostResponseSchema],
  ["discourse_api_docs/topics_new_topic_response.json", createPostResponseSchema],
  ["wp_discourse/post_update.json", z.looseObject({ post: postSchema })],
  ["discourse_api_docs/posts_update_post_response.json", z.looseObject({ post: postSchema })],
  ["wp_discourse/webhook_post.json", z.looseObject({ post: postSchema })],
];

describe.skipIf(!shared)("recorded Discourse responses parse with the client's schemas", () => {
  it.each(CASES)("%s", (file, schema) => {
    const r = schema.safeParse(fixture(file));
    expect(r.success ? "ok" : r.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toBe("ok");
  });

  it("reads reply_to_post_number as a number and likes from actions_summary", () => {
    const posts = topicPostsSchema.parse(fixture("discourse_api/topic_posts.json")).post_stream.posts;
    for (const p of posts) expect(p.reply_to_post_number === null || typeof p.reply_to_post_number === "number").toBe(true);
    expect(likeCount({ actions_summary: [{ id: 2, count: 3 }] })).toBe(3);
  });

  it("accepts both shapes of topic tags", () => {
    expect(topicListSchema.parse(fixture("discourse_api/latest.json")).topic_list.topics.length).toBeGreaterThan(0);
    const withObjects = topicSchema.safeParse({ ...(fixture("discourse_api_docs/topics_topic_response.json") as object), tags: [{ id: 1, name: "policy", slug: "policy" }] });
    expect(withObjects.success).toBe(true);
  });

  it("accepts the answer for a post queued for approval", () => {
    expect(createPostResponseSchema.safeParse({ action: "enqueued", pending_post: { id: 7, raw: "x" }, pending_count: 1, success: true }).success).toBe(true);
  });

  it("verifies Discourse's own ping signature (known answer)", () => {
    const body = readFileSync(path.join(shared!, "discourse/fixtures/discourse_core/webhook_ping_body.json"));
    const raw = body.toString("utf8").trim() === '{"ping":"OK"}' ? '{"ping":"OK"}' : body.toString("utf8");
    expect(verifyWebhook(["my_lovely_secret_for_web_hook"], raw, "sha256=162f107f6b5022353274eb1a7197885cfd35744d8d08e5bcea025d309386b7d6")).toBe(true);
    expect(verifyWebhook(["another_secret_entirely"], raw, "sha256=162f107f6b5022353274eb1a7197885cfd35744d8d08e5bcea025d309386b7d6")).toBe(false);
  });
});
