import { z } from "zod";
import { isValidTimeZone, nextOccurrences, parseCron } from "../schedule/cron.ts";

/** A cron that parses and fires at least once in the next four years ("0 9 31 2 *" never does). */
const cronExpr = z.string().superRefine((v, ctx) => {
  try {
    const cron = parseCron(v);
    if (!nextOccurrences(cron, "UTC", Date.now(), 1).length) ctx.addIssue({ code: "custom", message: `cron "${v}" never fires (no such date); check the day and month fields` });
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
  }
});

/** "2026-12-07" or "2026-12-07 09:00", and a date that exists: no 13th month, no 30 February, no 29:99. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;
export function isRealLocalDateTime(v: string): boolean {
  const m = LOCAL_DATE_TIME.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0"].map(Number) as [number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi;
}
const localDateTime = (what: string) =>
  z.string().refine(isRealLocalDateTime, { error: `must be ${what} that exists, like "2026-12-07 09:00" (year-month-day, 24-hour time)` });

/**
 * A tag as Discourse keeps it (lib/discourse_tagging.rb, clean_tag): it lower-cases, turns spaces
 * into dashes, drops / ? # [ ] @ ! $ & ' ( ) * + , ; = . % \ ` ^ | { } " < > and cuts at
 * max_tag_length (20). Rather than let the forum quietly change a tag, the plan refuses it.
 */
const tagSchema = z
  .string()
  .min(1)
  .max(20, { error: "must be at most 20 characters (Discourse's max_tag_length)" })
  .refine((t) => !/[\s/?#[\]@!$&'()*+,;=.%\\`^|{}"<>]/.test(t), { error: "must be one word: no spaces or / ? # [ ] @ ! $ & ' ( ) * + , ; = . % \\ ` ^ | { } \" < > (use dashes)" })
  .refine((t) => t === t.toLowerCase(), { error: "must be lower case (Discourse lower-cases tags)" });

const username = z.string().regex(/^[\w.-]{3,60}$/, { error: "must be a Discourse username (letters, digits, _ . -)" });

export const counterargumentSchema = z.strictObject({
  text: z.string().trim().min(20, { error: "must be at least 20 characters (Discourse's minimum post length)" }),
  source: z.enum(["document", "lens", "moderator", "llm"]).default("moderator"),
});

export const pollSchema = z.strictObject({
  question: z.string().trim().min(1),
  options: z.array(z.string().trim().min(1)).min(2, { error: "a poll needs at least 2 options" }).max(20, { error: "Discourse allows at most 20 poll options" })
    .refine((o) => new Set(o).size === o.length, { error: "poll options must all be different" }),
});

export const threadSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,19}$/, { error: "must be lower-case letters, digits and dashes (e.g. rec-1), at most 20 characters" }),
  title: z.string().trim().min(15, { error: "must be at least 15 characters (Discourse's minimum title length)" }).max(255, { error: "must be at most 255 characters" }),
  release_at: localDateTime("a local date and time").optional(),
  recommendation: z.string().trim().min(1),
  context: z.string().trim().optional(),
  source_line: z.number().int().optional(),
  questions: z.array(z.string().trim().min(1)).default([]),
  poll: pollSchema.optional(),
  // Discourse refuses a 4th consecutive reply by one non-staff user (max_consecutive_replies).
  counterarguments: z.array(counterargumentSchema).max(3, { error: "at most 3 per thread: Discourse refuses a 4th consecutive reply from one (non-staff) account; move the rest into the questions" }).default([]),
  skip: z.boolean().default(false),
});

/** "14d", "36h", "2w", "90m": how long after its release a thread is closed. */
export const durationSchema = z.string().trim().regex(/^\d+\s*[mhdw]$/, { error: 'must be a duration such as "14d", "36h", "2w" or "90m"' });

export function durationMs(d: string): number {
  const m = /^(\d+)\s*([mhdw])$/.exec(d.trim())!;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"];
}

export const planSchema = z.strictObject({
  /** A drafted plan is inert until a moderator approves it (`seminar approve`). */
  status: z.enum(["draft", "approved"], { error: 'must be "draft" or "approved"; run "seminar approve <plan>" once it is ready' }).default("approved"),
  seminar: z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,24}$/, { error: "must be 2-25 lower-case letters, digits and dashes; it names the seminar's topics on the forum" }),
    title: z.string().trim().min(1),
    category: z.string().trim().min(1).optional(),
    timezone: z.string().refine(isValidTimeZone, { error: "must be an IANA time zone such as Europe/London or Asia/Seoul" }).default("UTC"),
    schedule: cronExpr.default("0 9 * * 1"),
    starts: z.union([z.literal("first-run"), localDateTime('"first-run" or a date')]).default("first-run"),
    poster: username.optional(),
    counterargument_poster: username.default("devils_advocate"),
    /**
     * What the service makes of the counterargument account before its first reply. Discourse
     * holds a new (trust level 0) account to new-user limits forever if it only posts through the
     * API: "trust-level-2" lifts them, "moderator" lifts every per-user limit, "unchanged" leaves
     * the account as the admin set it up.
     */
    counterargument_role: z.enum(["trust-level-2", "moderator", "unchanged"], { error: 'must be "trust-level-2", "moderator" or "unchanged"' }).default("trust-level-2"),
    tags: z.array(tagSchema).max(5, { error: "at most 5 tags (Discourse's max_tags_per_topic)" }).default([]),
    /** Pin the thread just released and unpin the one before, so the current question leads the category. */
    pin_current: z.boolean().default(false),
    /** Close each thread this long after its release (replies stop; reading goes on). */
    close_after: durationSchema.optional(),
    digest: z
      .strictObject({
        schedule: cronExpr.default("0 18 * * 5"),
        post: z.boolean().default(false),
      })
      .default({ schedule: "0 18 * * 5", post: false }),
  }),
  source: z
    .strictObject({
      document: z.string().optional(),
      title: z.string().nullable().optional(),
      author: z.string().nullable().optional(),
    })
    .default({}),
  threads: z
    .array(threadSchema)
    .min(1, { error: "a seminar needs at least one thread" })
    .superRefine((threads, ctx) => {
      const seen = new Map<string, number>();
      threads.forEach((t, i) => {
        if (seen.has(t.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${t.id}" is used by thread ${seen.get(t.id)! + 1} too; thread ids must be unique` });
        seen.set(t.id, i);
        const same = threads.findIndex((u, j) => j < i && u.title.toLowerCase() === t.title.toLowerCase());
        if (same >= 0) ctx.addIssue({ code: "custom", path: [i, "title"], message: `is the same as thread ${same + 1}'s; Discourse rejects duplicate titles` });
      });
    }),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanThread = z.infer<typeof threadSchema>;
