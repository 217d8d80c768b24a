import { cook, parsePolls, pollErrors, type ParsedPoll } from "../cook.ts";
import { ForumError, POST_TYPES, type SPost, type STopic, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { externalIdErrors, prettifyTitle, slugFor, titleErrors } from "../validate.ts";
import { performCreateLimits } from "./limits.ts";
import { bodyKey, postErrors } from "./post-rules.ts";
import { isStaff, isWhisperer } from "./trust.ts";

export interface NewTopic {
  title?: string;
  raw?: string;
  category?: unknown;
  external_id?: string;
  tags?: string[];
  created_at?: string;
}
export interface NewReply {
  topic_id?: number;
  raw?: string;
  reply_to_post_number?: number | null;
  whisper?: boolean;
}

/** server.en.yml invalid_whisper_access (posts_controller#create_params). */
export const INVALID_WHISPER = "Either whispers are not enabled or you do not have access to create whisper posts";
const TOPIC_NOT_FOUND = "Something has gone wrong. Perhaps this topic was closed or deleted while you were looking at it?";

/** Unicode spaces become plain ones and trailing whitespace goes (TextCleaner via PostCreator). */
const cleanRaw = (raw: string) => raw.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ").replace(/\s+$/, "");

/**
 * TopicCreator#find_category: a given category must be the id of an existing category, else
 * Discourse::InvalidParameters (400), whatever else is wrong with the request.
 */
function categoryFor(state: ForumState, category: unknown): number {
  if (category === undefined || category === null || String(category) === "") return 1;
  const id = /^\d+$/.test(String(category)) ? Number(category) : Number.NaN;
  if (!state.categories.has(id)) throw ForumError.invalidParameters("category");
  return id;
}

/**
 * posts#create for a new topic (lib/post_creator.rb, lib/topic_creator.rb): the category, then
 * every topic error; only a valid topic gets its body checked (PostCreator#valid? returns early);
 * then the rate limits; then the topic and its first post are stored together.
 */
export function createTopic(state: ForumState, actor: SUser, p: NewTopic): SPost {
  const categoryId = categoryFor(state, p.category);
  const title = p.title === undefined ? undefined : String(p.title);
  const topicErrors = [
    ...titleErrors(title, state.site, {
      admin: actor.admin,
      duplicate: (t) => [...state.topics.values()].some((x) => !x.deleted_at && x.title.toLowerCase() === t.toLowerCase()),
    }),
    // Rails' uniqueness check ignores the default scope, so a deleted topic keeps its external_id.
    ...externalIdErrors(p.external_id, (id) => [...state.topics.values()].some((x) => x.external_id?.toLowerCase() === id.toLowerCase())),
  ];
  if (topicErrors.length) throw ForumError.unprocessable("create_post", topicErrors);
  const raw = cleanRaw(p.raw ?? "");
  const cooked = cook(raw);
  const polls = parsePolls(raw);
  const errors = [...postErrors(state, actor, p.raw, { cooked }), ...pollErrors(polls)];
  if (errors.length) throw ForumError.unprocessable("create_post", errors);
  performCreateLimits(state, actor, { topic: true });

  return state.change(() => {
    const at = (p.created_at && !Number.isNaN(Date.parse(p.created_at)) ? new Date(p.created_at) : state.now()).toISOString();
    const prettyTitle = prettifyTitle(title!);
    const topic: STopic = {
      id: state.next.topic++,
      title: prettyTitle,
      slug: slugFor(prettyTitle),
      category_id: categoryId,
      user_id: actor.id,
      external_id: p.external_id || null,
      tags: (p.tags ?? []).map(String).slice(0, 5),
      created_at: at,
      bumped_at: at,
      last_posted_at: at,
      closed: false,
      archived: false,
      visible: true,
      pinned: false,
      highest_post_number: 0,
      deleted_at: null,
      deleted_by_id: null,
    };
    state.topics.set(topic.id, topic);
    const post = insertPost(state, topic, actor, { raw, cooked, polls, at });
    state.emit({ type: "topic", event: "topic_created", topic });
    state.emit({ type: "post", event: "post_created", post });
    return post;
  });
}

/** posts#create for a reply (lib/post_creator.rb). */
export function createReply(state: ForumState, actor: SUser, p: NewReply): SPost {
  if (p.whisper && !isWhisperer(state, actor)) throw ForumError.invalidAccess(INVALID_WHISPER);
  const topic = state.topic(Number(p.topic_id));
  if (!topic) throw ForumError.unprocessable("create_post", [TOPIC_NOT_FOUND]);
  // TopicGuardian#can_create_post_on_topic?: only staff (and TL4) post in closed or archived topics.
  if ((topic.closed || topic.archived) && !isStaff(actor) && actor.trust_level < 4) throw ForumError.unprocessable("create_post", [TOPIC_NOT_FOUND]);
  const raw = cleanRaw(p.raw ?? "");
  const cooked = cook(raw);
  const polls = parsePolls(raw);
  const errors = [...postErrors(state, actor, p.raw, { topic, cooked }), ...pollErrors(polls)];
  if (errors.length) throw ForumError.unprocessable("create_post", errors);
  performCreateLimits(state, actor, { topic: false });

  return state.change(() => {
    const replyTo = p.reply_to_post_number ? Number(p.reply_to_post_number) : null;
    const post = insertPost(state, topic, actor, {
      raw,
      cooked,
      polls,
      at: state.now().toISOString(),
      replyTo: replyTo && state.postsOf(topic.id).some((x) => x.post_number === replyTo) ? replyTo : null,
      postType: p.whisper ? POST_TYPES.whisper : POST_TYPES.regular,
    });
    // Whispers neither bump the topic nor count as its last post.
    if (!p.whisper) {
      topic.bumped_at = post.created_at;
      topic.last_posted_at = post.created_at;
    }
    state.touch("topics", topic);
    state.emit({ type: "post", event: "post_created", post });
    return post;
  });
}

/** Stores a post with the topic's next post number; small actions and whispers take one too. */
export function insertPost(
  state: ForumState,
  topic: STopic,
  actor: SUser,
  o: { raw: string; cooked?: string; polls: ParsedPoll[]; at: string; replyTo?: number | null; postType?: number; actionCode?: string },
): SPost {
  const post: SPost = {
    id: state.next.post++,
    topic_id: topic.id,
    post_number: ++topic.highest_post_number,
    user_id: actor.id,
    raw: o.raw,
    cooked: o.cooked ?? cook(o.raw),
    created_at: o.at,
    updated_at: o.at,
    version: 1,
    post_type: o.postType ?? POST_TYPES.regular,
    action_code: o.actionCode ?? null,
    reply_to_post_number: o.replyTo ?? null,
    deleted_at: null,
    deleted_by_id: null,
    user_deleted: false,
    hidden: false,
    hidden_at: null,
    hidden_reason_id: null,
    revisions: [],
    likes: [],
    polls: o.polls.map((x) => ({ ...x, votes: {} })),
  };
  state.addPost(post);
  state.touch("posts", post);
  state.touch("topics", topic);
  if (o.raw) state.recentBodies.set(bodyKey(actor, o.raw), state.now().getTime());
  if (!actor.first_post_created_at && post.post_type !== POST_TYPES.small_action) {
    actor.first_post_created_at = o.at;
    state.touch("users", actor);
  }
  return post;
}
