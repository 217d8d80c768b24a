import { randomBytes } from "node:crypto";
import { DiscourseHttpError } from "../discourse/errors.ts";
import type { Forum } from "../discourse/forum.ts";
import type { Plan } from "../plan/schema.ts";
import { PermanentFailure } from "../runner/failures.ts";
import type { Store } from "../store/store.ts";

interface ProvisionContext {
  store: Store;
  forum: Forum;
  prepared: Map<string, Promise<number | null>>;
  forumKey: string;
}

/**
 * What must exist before a seminar's first topic: the counterargument account, able to post
 * its replies, and the category. Done once per run and seminar (memoised), and the account's
 * set-up is remembered per forum, so a normal run spends no request on it.
 */
export function prepareForum(ctx: ProvisionContext, plan: Plan): Promise<number | null> {
  let p = ctx.prepared.get(plan.seminar.id);
  if (!p) {
    p = (async () => {
      await ensureCounterargumentAccount(ctx, plan);
      const category = await categoryFor(ctx.forum, plan);
      if (category) ctx.store.seminars.setCategory(plan.seminar.id, category.id, category.slug);
      return category?.id ?? null;
    })();
    p.catch(() => ctx.prepared.delete(plan.seminar.id));
    ctx.prepared.set(plan.seminar.id, p);
  }
  return p;
}

/** The trust level that lifts Discourse's new-user limits on replies (first-day and TL0 limits; app/models/user.rb). */
const TRUSTED_LEVEL = 2;

/**
 * Makes sure the counterargument account exists, is active, and can post a seminar's replies.
 * Discourse creates accounts at trust level 0 and an account that only posts through the API
 * never earns TL1, so it would stay held to new-user limits (lib/rate_limiter/on_create_record.rb,
 * lib/validators/post_validator.rb) for good. Each failure says what the admin must do.
 */
export async function ensureCounterargumentAccount(ctx: ProvisionContext, plan: Plan): Promise<void> {
  const s = plan.seminar;
  const username = s.counterargument_poster;
  const memo = `account:${ctx.forumKey}:${username.toLowerCase()}:${s.counterargument_role}`;
  if (ctx.store.meta.get(memo)) return;
  const { forum } = ctx;
  let user = await forum.getUser(username);
  if (!user) {
    const res = await forum
      .createUser({
        name: "Devil's Advocate",
        username,
        email: `${username}@discourse-seminar.invalid`,
        password: randomBytes(24).toString("base64url"),
        active: true,
        approved: true,
      })
      .catch((e: unknown) => {
        if (e instanceof DiscourseHttpError && e.status === 403) {
          throw new PermanentFailure(`the API key may not create users, so the counterargument account "${username}" does not exist; create it on the forum (Admin > Users), or use an admin key with global scope`);
        }
        throw e;
      });
    if (!res.success) {
      const detail = Object.values(res.errors ?? {}).flat().join("; ") || res.message || "refused";
      throw new PermanentFailure(`could not create the counterargument account "${username}" (${detail}); create it on the forum or set seminar.counterargument_poster to an existing user`);
    }
    user = await forum.getUser(username);
    if (!user) throw new PermanentFailure(`the forum said it created "${username}" but does not show it; create the account on the forum (Admin > Users)`);
  }
  let detail;
  try {
    detail = await forum.getAdminUser(user.id);
  } catch (e) {
    if (e instanceof DiscourseHttpError && (e.status === 403 || e.status === 404)) {
      throw new PermanentFailure(`the API key cannot see "${username}"'s account details (an admin key is needed); check in Admin > Users that the account is active, then give the key admin rights or set counterargument_role: unchanged`);
    }
    throw e;
  }
  // users#create by a moderator's key makes an inactive account yet answers success (users_controller.rb).
  if (detail.active === false) {
    throw new PermanentFailure(`the counterargument account "${username}" is not active; activate it in Admin > Users > ${username} > Activate Account (accounts made with a moderator's key start inactive)`);
  }
  const until = (d: string | null | undefined) => (d ? Date.parse(d) > Date.now() : false);
  if (until(detail.suspended_till) || until(detail.silenced_till)) {
    throw new PermanentFailure(`the counterargument account "${username}" is suspended or silenced; lift it in Admin > Users > ${username}`);
  }
  const staff = !!(detail.admin || detail.moderator);
  try {
    if (s.counterargument_role === "moderator" && !staff) await forum.grantModeration(user.id);
    else if (s.counterargument_role === "trust-level-2" && !staff && (detail.trust_level ?? 0) < TRUSTED_LEVEL) await forum.setTrustLevel(user.id, TRUSTED_LEVEL);
  } catch (e) {
    if (e instanceof DiscourseHttpError && (e.status === 403 || e.status === 404)) {
      const what = s.counterargument_role === "moderator" ? "make it a moderator (Admin > Users > Grant Moderation)" : `raise it to trust level ${TRUSTED_LEVEL} (Admin > Users > Trust Level)`;
      throw new PermanentFailure(`the API key may not change "${username}" (only an admin key can); ${what} yourself, or set counterargument_role: unchanged and accept Discourse's new-user limits`);
    }
    throw e;
  }
  ctx.store.meta.set(memo, new Date().toISOString());
}

/** The seminar's category id (null: none set). "parent/child" names a subcategory; a missing one is created. */
async function categoryFor(forum: Forum, plan: Plan): Promise<{ id: number; slug: string } | null> {
  const wanted = plan.seminar.category;
  if (!wanted) return null;
  const [parentSlug, childSlug] = wanted.includes("/") ? (wanted.split("/", 2) as [string, string]) : [undefined, wanted];
  const all = await forum.listCategories();
  const parent = parentSlug ? all.find((c) => c.slug === parentSlug && !c.parent_category_id) : undefined;
  if (parentSlug && !parent) throw new PermanentFailure(`there is no category "${parentSlug}" for "${wanted}"; create it on the forum or change seminar.category`);
  const existing = all.find((c) => c.slug === childSlug && (parent ? c.parent_category_id === parent.id : !c.parent_category_id));
  if (existing) return { id: existing.id, slug: existing.slug };
  // Older Discourse versions require color and text_color when creating a category.
  const created = await forum
    .createCategory({
      name: childSlug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()),
      slug: childSlug,
      color: "0088CC",
      text_color: "FFFFFF",
      ...(parent ? { parent_category_id: parent.id } : {}),
    })
    .catch((e: unknown) => {
      if (e instanceof DiscourseHttpError && e.status === 403) {
        throw new PermanentFailure(`there is no category "${wanted}" and the API key may not create one; create it on the forum or change seminar.category`);
      }
      throw e;
    });
  return { id: created.id, slug: created.slug };
}
