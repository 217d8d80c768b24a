import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seminar } from "../cli-harness.ts";
import { API_KEY, forumAt, sandbox, tempDir } from "../helpers.ts";

/**
 * The whole pipeline, command by command, in process (tests/integration/cli.test.ts runs the real
 * binary once). New accounts start at trust level 0 as on Discourse, so the publisher must raise
 * the counterargument account; only the 5 s spacing between one account's posts is switched off,
 * to keep the test quick.
 */
const SEASONED_FORUM = { siteSettings: { rate_limit_create_post: 0 } };

const DOC = `Better Bus Services for Small Towns

Rural bus routes have been cut for a decade, and people without cars pay the price in missed appointments and lost jobs.

Critics say that subsidies for empty buses waste public money that could pay for taxis on demand.

First, councils should guarantee an hourly daytime service on every route that links a town to its nearest hospital.

Second, the national government must fund these routes for at least five years so that councils can plan beyond one budget.
`;

describe("seminar, end to end against the sandbox forum", () => {
  it("drafts, publishes, tracks a participant's reply and names it in the digest", async () => {
    const sb = await sandbox(SEASONED_FORUM);
    const dir = tempDir();
    const docPath = path.join(dir, "buses.txt");
    writeFileSync(docPath, DOC);
    const env = { DISCOURSE_URL: sb.url, DISCOURSE_API_KEY: API_KEY, SEMINAR_DATA_DIR: path.join(dir, "data"), SEMINAR_DIR: path.join(dir, "seminars") };

    const draft = await seminar(["draft", docPath, "-o", path.join(dir, "seminars", "buses.yaml")], { env });
    expect(draft.code, draft.stderr).toBe(0);
    // A draft is inert until a moderator approves it.
    const early = await seminar(["publish", path.join(dir, "seminars", "buses.yaml"), "--now"], { env });
    expect(early.code).toBe(2);
    expect(early.stderr).toContain("seminar approve");
    expect((await seminar(["approve", path.join(dir, "seminars", "buses.yaml")], { env })).code).toBe(0);
    const publish = await seminar(["publish", path.join(dir, "seminars", "buses.yaml"), "--now"], { env });
    expect(publish.code, publish.stderr).toBe(0);
    expect(publish.stdout).toContain("released rec-1");
    expect(publish.stdout).toContain("released rec-2");

    const topics = (await (await fetch(`${sb.url}/latest.json`)).json()) as { topic_list: { topics: { id: number; title: string; posts_count: number }[] } };
    expect(topics.topic_list.topics).toHaveLength(2);
    const first = topics.topic_list.topics.find((t) => t.title.includes("hourly daytime service"))!;
    expect(first.posts_count).toBeGreaterThanOrEqual(3);

    // A participant signs up and answers, through Discourse's own API.
    const admin = forumAt(sb.url);
    const created = await admin.createUser({ name: "Ada Park", username: "ada_park", email: "ada@example.com", password: "correct horse battery", active: true });
    expect(created.success).toBe(true);
    const ada = forumAt(sb.url, { username: "ada_park" });
    await ada.createReply({ topic_id: first.id, raw: "An hourly bus would let me reach the clinic without a taxi every week.", reply_to_post_number: 2 });

    const track = await seminar(["track", "--once"], { env });
    expect(track.code, track.stderr).toBe(0);
    expect(track.stdout).toMatch(/tracked: \d+ new, .*\(2 topics read whole/);

    const digest = await seminar(["digest", path.join(dir, "seminars", "buses.yaml")], { env });
    expect(digest.code, digest.stderr).toBe(0);
    expect(digest.stdout).toContain("ada\\_park");
    expect(digest.stdout).toContain("An hourly bus would let me reach the clinic");
    expect(digest.stdout).toMatch(/answered by ada\\_park/);

    // Publishing again changes nothing on the forum.
    const again = await seminar(["publish", path.join(dir, "seminars", "buses.yaml"), "--now"], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing due");
    const after = (await (await fetch(`${sb.url}/latest.json`)).json()) as { topic_list: { topics: unknown[] } };
    expect(after.topic_list.topics).toHaveLength(2);

    // The key reached the forum, and nothing else: no output, no digest, no store row.
    for (const r of [draft, publish, track, digest, again]) expect(r.stdout + r.stderr).not.toContain(API_KEY);
    const store = readFileSync(path.join(dir, "data", "seminar.sqlite")).toString("latin1");
    expect(store).not.toContain(API_KEY);
  });
});
