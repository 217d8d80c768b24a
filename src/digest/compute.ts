import { quotedPost } from "../discourse/quotes.ts";

/**
 * What a moderator wants to know since the last digest, computed from plain rows: no I/O here,
 * so every rule is a unit test away. The input is already bounded (see digestInput): counts come
 * in as figures, and only the replies a digest may show arrive with their text.
 */

/** A reply a digest may quote, as the store returns it. */
export interface ReplyRow {
  postId: number;
  postNumber: number;
  username: string | null;
  raw: string | null;
  cooked: string | null;
  replyTo: number | null;
  createdAt: string;
  likes: number;
  /** Live replies to it. */
  replies: number;
}

export interface ThreadInput {
  threadId: string;
  title: string;
  topicId: number;
  slug: string | null;
  seeded: { idx: number; text: string; postId: number | null; postNumber: number | null }[];
  figures: { replies: number; newReplies: number; edited: number; deleted: number };
  /** Participants in order of first reply (the first few) and how many in all. */
  participants: { count: number; names: string[] };
  /** Those whose first reply falls in the window. */
  newParticipants: { count: number; names: string[] };
  /** The best-received replies of the window, best first (at most as many as a digest shows). */
  newReplies: ReplyRow[];
  /** The best-received replies of all, best first, each liked or answered at least once. */
  topPosts: ReplyRow[];
  /**
   * Who answered a seeded post, by its post number, with the number of their first answer: a
   * reply to it, or a reply to the topic that quotes it.
   */
  repliesToSeeded: { target: number; username: string; first: number }[];
  poll: { voters: number; options: { text: string; votes: number | null }[] } | null;
}

export interface DigestInput {
  seminarId: string;
  title: string;
  since: string | null;
  until: string;
  forumUrl: string;
  /** Where the full figures are (the service's dashboard), if known. */
  dashboardUrl?: string | null;
  counterargumentPoster: string;
  /** Distinct participants across the seminar's threads. */
  participants: number;
  threads: ThreadInput[];
}

export interface DigestReply {
  postNumber: number;
  username: string;
  excerpt: string;
  createdAt: string;
  likes: number;
  replies: number;
  url: string;
  answers: number | null;
}

export interface DigestCounterargument {
  idx: number;
  excerpt: string;
  url: string | null;
  /** The first few who answered it, in the order they did. */
  answeredBy: string[];
  answeredByCount: number;
  status: "answered" | "standing";
}

/** One thread's part of a digest. Every list is bounded; the counts say how long the whole would be. */
export interface DigestThread {
  threadId: string;
  title: string;
  url: string;
  totalReplies: number;
  newReplyCount: number;
  /** The best-received new replies (at most NEW_REPLIES_KEPT). */
  newReplies: DigestReply[];
  editedReplies: number;
  deletedReplies: number;
  participantCount: number;
  /** The first participants, in the order they joined (at most NAMES_KEPT). */
  participants: string[];
  newParticipantCount: number;
  newParticipants: string[];
  counterarguments: DigestCounterargument[];
  poll: { voters: number; options: { text: string; votes: number | null }[] } | null;
  topPosts: DigestReply[];
}

export interface Digest {
  seminarId: string;
  title: string;
  since: string | null;
  until: string;
  /** Where the full figures are, for the "see the dashboard" line. */
  dashboardUrl?: string | null;
  totals: { threads: number; newReplies: number; participants: number; standingCounterarguments: number };
  threads: DigestThread[];
}

/** How much of each list a digest keeps: enough for the most detailed rendering, and no more. */
export const NEW_REPLIES_KEPT = 10;
export const TOP_POSTS_KEPT = 3;
export const NAMES_KEPT = 25;

export function excerpt(raw: string | null, cooked: string | null, max = 200): string {
  const text = (raw ?? (cooked ?? "").replace(/<[^>]+>/g, " "))
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\[quote[^\]]*\][\s\S]*?\[\/quote\]/g, "")
    .replace(/\[poll[\s\S]*?\[\/poll\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, text.lastIndexOf(" ", max) > max / 2 ? text.lastIndexOf(" ", max) : max)}…` : text;
}

/** The post a reply answers: the one it replies to, else the first post of this topic it quotes. */
export function answeredPost(p: { replyTo: number | null; raw: string | null }, topicId: number): number | null {
  return p.replyTo ?? quotedPost(p.raw, topicId);
}

/** The name a deleted user's replies are counted under. */
export const DELETED_USER = "(deleted user)";

function computeThread(t: ThreadInput, forumUrl: string): DigestThread {
  const base = `${forumUrl}/t/${t.slug ?? "topic"}/${t.topicId}`;
  // A reply can be both new and a top post: its excerpt is built once.
  const shown = new Map<number, DigestReply>();
  const toReply = (p: ReplyRow): DigestReply => {
    let r = shown.get(p.postId);
    if (!r) {
      r = {
        postNumber: p.postNumber,
        username: p.username ?? DELETED_USER,
        excerpt: excerpt(p.raw, p.cooked),
        createdAt: p.createdAt,
        likes: p.likes,
        replies: p.replies,
        url: `${base}/${p.postNumber}`,
        answers: answeredPost(p, t.topicId),
      };
      shown.set(p.postId, r);
    }
    return r;
  };

  // The ledger: who answered each counterargument, by a reply to it or a quote of it (tally.ts).
  const answerers = new Map<number, Map<string, number>>();
  for (const r of t.repliesToSeeded) {
    const byName = answerers.get(r.target) ?? new Map<string, number>();
    answerers.set(r.target, byName);
    if (!byName.has(r.username) || byName.get(r.username)! > r.first) byName.set(r.username, r.first);
  }
  const counterarguments = t.seeded.map((s): DigestCounterargument => {
    const by = [...((s.postNumber !== null && answerers.get(s.postNumber)) || new Map<string, number>())].sort((a, b) => a[1] - b[1]).map(([name]) => name);
    return {
      idx: s.idx,
      // A quoted objection is named by its quote, not by the framing around it.
      excerpt: excerpt(/“([^”]{20,})”/.exec(s.text)?.[1] ?? s.text, null, 160),
      url: s.postNumber ? `${base}/${s.postNumber}` : null,
      answeredBy: by.slice(0, NAMES_KEPT),
      answeredByCount: by.length,
      status: by.length ? "answered" : "standing",
    };
  });

  return {
    threadId: t.threadId,
    title: t.title,
    url: base,
    totalReplies: t.figures.replies,
    newReplyCount: t.figures.newReplies,
    newReplies: t.newReplies.slice(0, NEW_REPLIES_KEPT).map(toReply),
    editedReplies: t.figures.edited,
    deletedReplies: t.figures.deleted,
    participantCount: t.participants.count,
    participants: t.participants.names.slice(0, NAMES_KEPT),
    newParticipantCount: t.newParticipants.count,
    newParticipants: t.newParticipants.names.slice(0, NAMES_KEPT),
    counterarguments,
    poll: t.poll,
    topPosts: t.topPosts.filter((p) => p.likes + p.replies > 0).slice(0, TOP_POSTS_KEPT).map(toReply),
  };
}

export function computeDigest(input: DigestInput): Digest {
  const threads = input.threads.map((t) => computeThread(t, input.forumUrl));
  return {
    seminarId: input.seminarId,
    title: input.title,
    since: input.since,
    until: input.until,
    dashboardUrl: input.dashboardUrl ?? null,
    totals: {
      threads: threads.length,
      newReplies: threads.reduce((n, t) => n + t.newReplyCount, 0),
      participants: input.participants,
      standingCounterarguments: threads.reduce((n, t) => n + t.counterarguments.filter((c) => c.status === "standing").length, 0),
    },
    threads,
  };
}
