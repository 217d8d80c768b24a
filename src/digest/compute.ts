/**
 * What a moderator wants to know since the last digest, computed from plain rows:
 * no I/O here, so every rule is a unit test away.
 */
export interface DigestInput {
  seminarId: string;
  title: string;
  since: string | null;
  until: string;
  forumUrl: string;
  counterargumentPoster: string;
  threads: {
    threadId: string;
    title: string;
    topicId: number;
    slug: string | null;
    seeded: { idx: number; text: string; postId: number | null; postNumber: number | null }[];
    posts: {
      postId: number;
      postNumber: number;
      postType: number;
      username: string | null;
      raw: string | null;
      cooked: string | null;
      replyTo: number | null;
      createdAt: string;
      likes: number;
      deletedAt: string | null;
      /** Hidden by flags: staff still see the text, participants do not; never quoted. */
      hidden?: boolean;
      version: number;
      lastChangedAt: string;
      firstSeenAt: string;
    }[];
    poll: { voters: number; options: { text: string; votes: number | null }[] } | null;
  }[];
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

export interface DigestThread {
  threadId: string;
  title: string;
  url: string;
  totalReplies: number;
  newReplies: DigestReply[];
  editedReplies: number;
  deletedReplies: number;
  participants: string[];
  newParticipants: string[];
  counterarguments: { idx: number; excerpt: string; url: string | null; answeredBy: string[]; status: "answered" | "standing" }[];
  poll: { voters: number; options: { text: string; votes: number | null }[] } | null;
  topPosts: DigestReply[];
}

export interface Digest {
  seminarId: string;
  title: string;
  since: string | null;
  until: string;
  totals: { threads: number; newReplies: number; participants: number; standingCounterarguments: number };
  threads: DigestThread[];
}

export function excerpt(raw: string | null, cooked: string | null, max = 200): string {
  const text = (raw ?? (cooked ?? "").replace(/<[^>]+>/g, " "))
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\[quote[^\]]*\][\s\S]*?\[\/quote\]/g, "")
    .replace(/\[poll[\s\S]*?\[\/poll\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, text.lastIndexOf(" ", max) > max / 2 ? text.lastIndexOf(" ", max) : max)}…` : text;
}

/** A reply answers a counterargument when it replies to it or quotes it. */
function answersPost(p: DigestInput["threads"][number]["posts"][number], topicId: number): number | null {
  if (p.replyTo) return p.replyTo;
  const q = /\[quote="[^"]*?post:(\d+), topic:(\d+)/.exec(p.raw ?? "");
  return q && Number(q[2]) === topicId ? Number(q[1]) : null;
}

export function computeDigest(input: DigestInput): Digest {
  const since = input.since;
  const isNew = (iso: string) => since === null || iso > since;
  const allParticipants = new Set<string>();
  const threads = input.threads.map((t): DigestThread => {
    const base = `${input.forumUrl}/t/${t.slug ?? "topic"}/${t.topicId}`;
    const seededIds = new Set(t.seeded.map((s) => s.postId).filter((x): x is number => x !== null));
    const replies = t.posts.filter((p) => p.postNumber > 1 && p.postType === 1 && !p.hidden && !seededIds.has(p.postId));
    const live = replies.filter((p) => !p.deletedAt);
    const replyCounts = new Map<number, number>();
    for (const p of live) if (p.replyTo) replyCounts.set(p.replyTo, (replyCounts.get(p.replyTo) ?? 0) + 1);
    const toReply = (p: (typeof live)[number]): DigestReply => ({
      postNumber: p.postNumber,
      username: p.username ?? "(deleted user)",
      excerpt: excerpt(p.raw, p.cooked),
      createdAt: p.createdAt,
      likes: p.likes,
      replies: replyCounts.get(p.postNumber) ?? 0,
      url: `${base}/${p.postNumber}`,
      answers: answersPost(p, t.topicId),
    });
    const fresh = live.filter((p) => isNew(p.createdAt)).map(toReply);
    const participants = [...new Set(live.map((p) => p.username ?? "(deleted user)"))];
    participants.forEach((u) => allParticipants.add(u));
    const earlier = new Set(live.filter((p) => !isNew(p.createdAt)).map((p) => p.username ?? "(deleted user)"));
    const counterarguments = t.seeded.map((s) => {
      const answeredBy = [...new Set(live.filter((p) => s.postNumber !== null && answersPost(p, t.topicId) === s.postNumber).map((p) => p.username ?? "(deleted user)"))];
      return {
        idx: s.idx,
        // A quoted objection is named by its quote, not by the framing around it.
        excerpt: excerpt(/“([^”]{20,})”/.exec(s.text)?.[1] ?? s.text, null, 160),
        url: s.postNumber ? `${base}/${s.postNumber}` : null,
        answeredBy,
        status: answeredBy.length ? ("answered" as const) : ("standing" as const),
      };
    });
    const topPosts = live
      .map(toReply)
      .filter((r) => r.likes + r.replies > 0)
      .sort((a, b) => b.likes * 2 + b.replies - (a.likes * 2 + a.replies) || a.postNumber - b.postNumber)
      .slice(0, 3);
    return {
      threadId: t.threadId,
      title: t.title,
      url: base,
      totalReplies: live.length,
      newReplies: fresh,
      editedReplies: live.filter((p) => p.version > 1 && isNew(p.lastChangedAt) && !isNew(p.createdAt)).length,
      deletedReplies: replies.filter((p) => p.deletedAt && isNew(p.deletedAt)).length,
      participants,
      newParticipants: participants.filter((u) => !earlier.has(u)),
      counterarguments,
      poll: t.poll,
      topPosts,
    };
  });
  return {
    seminarId: input.seminarId,
    title: input.title,
    since,
    until: input.until,
    totals: {
      threads: threads.length,
      newReplies: threads.reduce((n, t) => n + t.newReplies.length, 0),
      participants: allParticipants.size,
      standingCounterarguments: threads.reduce((n, t) => n + t.counterarguments.filter((c) => c.status === "standing").length, 0),
    },
    threads,
  };
}
