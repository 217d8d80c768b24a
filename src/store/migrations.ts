/**
 * Numbered migrations, applied in order inside one transaction each; `PRAGMA user_version`
 * records the last one applied. Never edit a migration that has shipped: add the next number.
 */
export const migrations: readonly string[] = [
  // 1: the seminar plan as last loaded, each thread's release state, and the seeded replies.
  `
  CREATE TABLE seminars (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    plan_path TEXT NOT NULL,
    plan_json TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    loaded_at TEXT NOT NULL
  );
  CREATE TABLE threads (
    seminar_id TEXT NOT NULL REFERENCES seminars(id),
    thread_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    release_at TEXT,
    external_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'topic_created', 'published')),
    claimed_at TEXT,
    claimed_by TEXT,
    topic_id INTEGER,
    topic_slug TEXT,
    first_post_id INTEGER,
    published_at TEXT,
    catch_up INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (seminar_id, thread_id)
  );
  CREATE TABLE seeded_posts (
    seminar_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    marker TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    post_id INTEGER,
    post_number INTEGER,
    PRIMARY KEY (seminar_id, thread_id, idx)
  );
  `,
  // 2: every post we have seen in a released topic, kept current by polling and webhooks.
  `
  CREATE TABLE posts (
    post_id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL,
    post_number INTEGER NOT NULL,
    post_type INTEGER NOT NULL DEFAULT 1,
    username TEXT,
    name TEXT,
    raw TEXT,
    cooked TEXT,
    reply_to_post_number INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    likes INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    first_seen_at TEXT NOT NULL,
    last_changed_at TEXT NOT NULL
  );
  CREATE INDEX posts_topic ON posts(topic_id, post_number);
  CREATE TABLE polls (
    topic_id INTEGER NOT NULL,
    post_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    voters INTEGER NOT NULL,
    options_json TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (post_id, name)
  );
  CREATE TABLE webhook_deliveries (
    dedupe_key TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    event_id TEXT,
    received_at TEXT NOT NULL
  );
  `,
  // 3: digests as written, so the dashboard shows them and the next one knows where to start.
  `
  CREATE TABLE digests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seminar_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    since TEXT,
    until TEXT NOT NULL,
    markdown TEXT NOT NULL,
    data_json TEXT NOT NULL,
    posted_topic_id INTEGER,
    posted_post_id INTEGER
  );
  CREATE TABLE job_runs (
    job TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL
  );
  `,
  // 4: failures kept apart from progress (permanent ones wait for a retry or a plan change),
  // digests as built-then-posted states with a forum-side key, moderator timers done once,
  // the forum this store belongs to, the single-instance lock, and the indexes hot paths need.
  `
  ALTER TABLE threads ADD COLUMN failure TEXT CHECK (failure IN ('permanent', 'transient'));
  ALTER TABLE threads ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE threads ADD COLUMN next_attempt_at TEXT;
  ALTER TABLE threads ADD COLUMN plan_hash TEXT;
  ALTER TABLE threads ADD COLUMN scheduled_for TEXT;
  ALTER TABLE threads ADD COLUMN created_here INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE threads ADD COLUMN topic_deleted_at TEXT;
  CREATE INDEX threads_topic ON threads(topic_id);
  ALTER TABLE seeded_posts ADD COLUMN attempted_at TEXT;
  ALTER TABLE seminars ADD COLUMN digest_topic_id INTEGER;
  ALTER TABLE seminars ADD COLUMN digest_topic_slug TEXT;
  ALTER TABLE seminars ADD COLUMN reconciled_at TEXT;
  ALTER TABLE digests ADD COLUMN key TEXT;
  ALTER TABLE digests ADD COLUMN slot TEXT;
  ALTER TABLE digests ADD COLUMN post_state TEXT NOT NULL DEFAULT 'none' CHECK (post_state IN ('none', 'pending', 'posted', 'failed'));
  ALTER TABLE digests ADD COLUMN post_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE digests ADD COLUMN next_attempt_at TEXT;
  ALTER TABLE digests ADD COLUMN last_error TEXT;
  ALTER TABLE digests ADD COLUMN claimed_by TEXT;
  ALTER TABLE digests ADD COLUMN claimed_at TEXT;
  UPDATE digests SET key = seminar_id || '/legacy-' || id, post_state = CASE WHEN posted_post_id IS NOT NULL THEN 'posted' ELSE 'none' END;
  CREATE UNIQUE INDEX digests_key ON digests(key);
  CREATE INDEX digests_seminar ON digests(seminar_id, id);
  CREATE TABLE thread_timers (
    seminar_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pin', 'unpin', 'close')),
    done_at TEXT NOT NULL,
    PRIMARY KEY (seminar_id, thread_id, kind)
  );
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE instance_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    owner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
  );
  CREATE INDEX webhook_deliveries_received ON webhook_deliveries(received_at);
  DROP TABLE job_runs;
  ALTER TABLE posts ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
  `,
  // 5: what tracking last saw of each topic (change detection reads lists, not every topic),
  // and the category a seminar's topics went to.
  `
  ALTER TABLE threads ADD COLUMN seen_posts_count INTEGER;
  ALTER TABLE threads ADD COLUMN seen_highest_post_number INTEGER;
  ALTER TABLE threads ADD COLUMN seen_bumped_at TEXT;
  ALTER TABLE threads ADD COLUMN last_full_read_at TEXT;
  ALTER TABLE threads ADD COLUMN closed_at TEXT;
  ALTER TABLE seminars ADD COLUMN category_id INTEGER;
  ALTER TABLE seminars ADD COLUMN category_slug TEXT;
  `,
  // 6: digests that read only what they show. posts_digest covers every column a digest counts
  // by, so counts and participants come from the index without reading the rows' text; it leads
  // with (topic_id, post_number), so it also serves everything posts_topic did, which goes: one
  // index fewer to write on every webhook delivery. posts_quoting holds only posts whose raw
  // quotes something, the one place the counterargument ledger must read text.
  `
  CREATE INDEX posts_digest ON posts(topic_id, post_number, post_type, hidden, deleted_at, created_at, username, reply_to_post_number, likes, version, last_changed_at);
  DROP INDEX posts_topic;
  CREATE INDEX posts_quoting ON posts(topic_id, post_number) WHERE instr(raw, '[quote="') > 0;
  `,
  // 7: what a reply quotes, noted when it is stored (src/discourse/quotes.ts), so the digest's
  // ledger reads it from posts_digest with the rest of a reply's bookkeeping instead of reading
  // the text of every reply that quotes (a page read each: a third of a large digest's time).
  // Rows stored before are filled by discourse_quoted_post(), which db.ts registers.
  `
  ALTER TABLE posts ADD COLUMN quoted_post_number INTEGER;
  UPDATE posts SET quoted_post_number = discourse_quoted_post(raw, topic_id) WHERE instr(raw, '[quote="') > 0;
  DROP INDEX posts_digest;
  CREATE INDEX posts_digest ON posts(topic_id, post_number, post_type, hidden, deleted_at, created_at, username, reply_to_post_number, likes, version, last_changed_at, quoted_post_number);
  DROP INDEX posts_quoting;
  `,
];
