/**
 * The digest as it was built before issue 10, kept for the benchmark only: every post of every
 * thread read whole (raw and cooked) through store.posts.ofTopic, excerpts built twice, every
 * reply kept in the result, every participant listed twice per thread. bench/digest.ts runs it
 * as a child process on the same store as the real `seminar digest`, so the gain is measured in
 * the same run. Usage: run-ts bench/naive/digest.ts <data dir> <plan file>.
 */
import { loadPlan } from "../../src/plan/load.ts";
import type { Plan } from "../../src/plan/schema.ts";
import { answeredPost, excerpt, type DigestReply } from "../../src/digest/compute.ts";
import { neutralise } from "../../src/digest/render.ts";
import { storePath } from "../../src/store/db.ts";
import { openStore, type Store } from "../../src/store/store.ts";

interface DigestInput {
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

interface DigestThread {
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

interface Digest {
  seminarId: string;
  title: string;
  since: string | null;
  until: string;
  totals: { threads: number; newReplies: number; participants: number; standingCounterarguments: number };
  threads: DigestThread[];
}

function computeDigest(input: DigestInput): Digest {
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
      answers: answeredPost(p, t.topicId),
    });
    const fresh = live.filter((p) => isNew(p.createdAt)).map(toReply);
    const participants = [...new Set(live.map((p) => p.username ?? "(deleted user)"))];
    participants.forEach((u) => allParticipants.add(u));
    const earlier = new Set(live.filter((p) => !isNew(p.createdAt)).map((p) => p.username ?? "(deleted user)"));
    const counterarguments = t.seeded.map((s) => {
      const answeredBy = [...new Set(live.filter((p) => s.postNumber !== null && answeredPost(p, t.topicId) === s.postNumber).map((p) => p.username ?? "(deleted user)"))];
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

function digestInput(store: Store, plan: Plan, o: { since: string | null; until: Date; forumUrl: string }): DigestInput {
  const rows = store.threads.withTopics(plan.seminar.id);
  return {
    seminarId: plan.seminar.id,
    title: plan.seminar.title,
    since: o.since,
    until: o.until.toISOString(),
    forumUrl: o.forumUrl,
    counterargumentPoster: plan.seminar.counterargument_poster,
    threads: rows.map((t) => {
      const poll = store.posts.pollsOfTopic(t.topic_id!).find((p) => p.name === "stance");
      return {
        threadId: t.thread_id,
        title: t.title,
        topicId: t.topic_id!,
        slug: t.topic_slug,
        seeded: store.threads.seeded(t.seminar_id, t.thread_id).map((s) => ({ idx: s.idx, text: s.text, postId: s.post_id, postNumber: s.post_number })),
        posts: store.posts.ofTopic(t.topic_id!).map((p) => ({
          postId: p.post_id,
          postNumber: p.post_number,
          postType: p.post_type,
          username: p.username,
          raw: p.raw,
          cooked: p.cooked,
          replyTo: p.reply_to_post_number,
          createdAt: p.created_at,
          likes: p.likes,
          deletedAt: p.deleted_at,
          hidden: p.hidden === 1,
          version: p.version,
          lastChangedAt: p.last_changed_at,
          firstSeenAt: p.first_seen_at,
        })),
        poll: poll ? { voters: poll.voters, options: poll.options.map((o) => ({ text: o.html.replace(/<[^>]+>/g, ""), votes: o.votes })) } : null,
      };
    }),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "the start");

function renderDigestMarkdown(d: Digest): string {
  const out: string[] = [];
  out.push(`## Reply digest: ${neutralise(d.title)}`);
  out.push(`From ${when(d.since)} to ${when(d.until)}: **${d.totals.newReplies}** new ${d.totals.newReplies === 1 ? "reply" : "replies"} across ${d.totals.threads} released ${d.totals.threads === 1 ? "thread" : "threads"}; ${plural(d.totals.participants, "participant")} so far; ${plural(d.totals.standingCounterarguments, "counterargument")} still unanswered.`);
  if (!d.threads.length) out.push("No thread has been released yet.");
  for (const t of d.threads) {
    out.push(`### [${neutralise(t.title)}](${t.url})`);
    out.push(`${t.newReplies.length} new, ${t.totalReplies} in all${t.editedReplies ? `, ${t.editedReplies} edited` : ""}${t.deletedReplies ? `, ${t.deletedReplies} deleted` : ""}. Participants: ${t.participants.length ? t.participants.map((u) => neutralise(u)).join(", ") : "none yet"}${t.newParticipants.length ? ` (new: ${t.newParticipants.map(neutralise).join(", ")})` : ""}.`);
    if (t.newReplies.length) {
      out.push("**New replies**");
      out.push(t.newReplies.slice(0, 10).map((r) => `- [#${r.postNumber}](${r.url}) ${neutralise(r.username)}: ${neutralise(r.excerpt)}`).join("\n") + (t.newReplies.length > 10 ? `\n- … and ${t.newReplies.length - 10} more` : ""));
    }
    if (t.counterarguments.length) {
      out.push("**Counterarguments**");
      out.push(
        t.counterarguments
          .map((c) => `- ${c.status === "answered" ? `answered by ${c.answeredBy.map(neutralise).join(", ")}` : "**still standing**"}: ${c.url ? `[${neutralise(c.excerpt)}](${c.url})` : neutralise(c.excerpt)}`)
          .join("\n"),
      );
    }
    if (t.poll) {
      const counted = t.poll.options.some((o) => o.votes !== null);
      out.push(`**Poll** (${t.poll.voters} ${t.poll.voters === 1 ? "voter" : "voters"}): ${counted ? t.poll.options.map((o) => `${neutralise(o.text)} ${o.votes ?? 0}`).join(" · ") : "results hidden until the poll closes"}`);
    }
    if (t.topPosts.length) {
      out.push("**Top posts**");
      out.push(t.topPosts.map((r) => `- [#${r.postNumber}](${r.url}) ${neutralise(r.username)} (${r.likes} likes, ${r.replies} replies): ${neutralise(r.excerpt)}`).join("\n"));
    }
  }
  return out.join("\n\n");
}


/** The old digest of a seminar, rendered: its Markdown and the size of the record it stored. */
export function naiveDigest(store: Store, plan: Plan): { markdown: string; recordChars: number } {
  const data = computeDigest(digestInput(store, plan, { since: store.digests.lastUntil(plan.seminar.id), until: new Date(), forumUrl: "http://127.0.0.1:4200" }));
  // recordBuilt stored the whole digest as JSON.
  return { markdown: renderDigestMarkdown(data), recordChars: JSON.stringify(data).length };
}

if (/naive[\\/]digest\.ts$/.test(process.argv[1] ?? "")) {
  const [dataDir, planFile] = process.argv.slice(2) as [string, string];
  const store = openStore(storePath(dataDir));
  const { markdown } = naiveDigest(store, loadPlan(planFile).plan);
  store.close();
  process.stdout.write(`${markdown}\n`);
}
