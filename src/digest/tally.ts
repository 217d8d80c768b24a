/**
 * One thread's figures for a digest, from its replies' bookkeeping alone (no text): counts,
 * participants, the replies worth showing and who answered each counterargument (by reply or by
 * quote). Pure: the store reads the facts in one pass over its covering index, and the text of the
 * few replies chosen here.
 */

import { DELETED_USER, type ThreadInput } from "./compute.ts";

/** A participant's reply as the store's digest index holds it: a regular, unhidden post that is not one of ours. */
export interface ReplyFact {
  postId: number;
  postNumber: number;
  username: string | null;
  replyTo: number | null;
  createdAt: string;
  likes: number;
  version: number;
  lastChangedAt: string | null;
  deletedAt: string | null;
  /** The post of this topic its text quotes first (src/discourse/quotes.ts), kept at ingest. */
  quotedPost: number | null;
}

/** A reply chosen to be shown, by its place in the ranking; its text is read afterwards. */
export interface RankedReply {
  postId: number;
  postNumber: number;
  /** Live replies to it. */
  replies: number;
}

/** What computeDigest takes for a thread, less the text of the replies shown (read after, by their ids). */
export interface ThreadTally extends Pick<ThreadInput, "figures" | "participants" | "newParticipants" | "repliesToSeeded"> {
  newReplies: RankedReply[];
  topPosts: RankedReply[];
  /** Every participant's name, for the seminar's distinct count. */
  names: Set<string>;
}


/**
 * `since` is the end of the last digest's window (ISO, compared as text as the store writes it),
 * or null for a first digest; `seededNumbers` the post numbers of the thread's counterarguments.
 */
export function tallyThread(facts: readonly ReplyFact[], since: string | null, seededNumbers: readonly number[], limits: { names: number; newReplies: number; topPosts: number }): ThreadTally {
  const isNew = (at: string) => since === null || at > since;
  const figures = { replies: 0, newReplies: 0, edited: 0, deleted: 0 };
  const live: ReplyFact[] = [];
  for (const f of facts) {
    if (f.deletedAt !== null) {
      if (isNew(f.deletedAt)) figures.deleted++;
      continue;
    }
    live.push(f);
    figures.replies++;
    if (isNew(f.createdAt)) figures.newReplies++;
    // Edited in the window, written before it: an old reply that changed. Without a window there is no "before".
    else if (since !== null && f.version > 1 && f.lastChangedAt !== null && f.lastChangedAt > since) figures.edited++;
  }

  // Participants in order of their first live reply; new ones are those whose first reply is in the window.
  const firstOf = new Map<string, { first: number; firstAt: string }>();
  const answers = new Map<number, number>();
  const seeded = new Set(seededNumbers);
  const answeredBy = new Map<string, { target: number; username: string; first: number }>();
  for (const f of live) {
    const who = f.username ?? DELETED_USER;
    const seen = firstOf.get(who);
    if (!seen) firstOf.set(who, { first: f.postNumber, firstAt: f.createdAt });
    else {
      if (f.postNumber < seen.first) seen.first = f.postNumber;
      if (f.createdAt < seen.firstAt) seen.firstAt = f.createdAt;
    }
    if (f.replyTo !== null) answers.set(f.replyTo, (answers.get(f.replyTo) ?? 0) + 1);
    // A counterargument is answered by a reply to it, or by a reply to the topic that quotes it.
    const target = f.replyTo ?? f.quotedPost;
    if (target !== null && seeded.has(target)) {
      const key = `${target}\0${who}`;
      const a = answeredBy.get(key);
      if (!a) answeredBy.set(key, { target, username: who, first: f.postNumber });
      else if (f.postNumber < a.first) a.first = f.postNumber;
    }
  }
  const everyone = [...firstOf].sort((x, y) => x[1].first - y[1].first);
  const newcomers = since === null ? everyone : everyone.filter(([, v]) => v.firstAt > since);
  const named = (xs: typeof everyone) => ({ count: xs.length, names: xs.slice(0, limits.names).map(([name]) => name) });

  // Best received: likes count twice, each live reply to it once; earliest first among equals.
  const ranked = live.map((f) => {
    const replies = answers.get(f.postNumber) ?? 0;
    return { fact: f, replies, score: f.likes * 2 + replies };
  });
  const best = (keep: (r: (typeof ranked)[number]) => boolean, limit: number): RankedReply[] =>
    ranked
      .filter(keep)
      .sort((x, y) => y.score - x.score || x.fact.postNumber - y.fact.postNumber)
      .slice(0, limit)
      .map((r) => ({ postId: r.fact.postId, postNumber: r.fact.postNumber, replies: r.replies }));

  return {
    figures,
    participants: named(everyone),
    newParticipants: named(newcomers),
    newReplies: best((r) => isNew(r.fact.createdAt), limits.newReplies),
    topPosts: best((r) => r.fact.likes + r.replies > 0, limits.topPosts),
    repliesToSeeded: [...answeredBy.values()].sort((x, y) => x.first - y.first),
    names: new Set(firstOf.keys()),
  };
}
