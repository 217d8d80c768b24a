/**
 * Discourse's settings that the sandbox's rules read, under Discourse's own names, with the
 * defaults of config/site_settings.yml (checked against
 * shared/discourse/fixtures/discourse_api_docs/admin_site_settings.json). A test changes one by
 * name (`startSandbox({ siteSettings: { default_trust_level: 2 } })` or
 * `PUT /__sandbox/site_settings`), exactly as an admin would on a real forum.
 */
export interface SiteSettings {
  /** app/models/user.rb: new accounts start here (0 on a default install). */
  default_trust_level: number;
  min_topic_title_length: number;
  max_topic_title_length: number;
  title_min_entropy: number;
  title_max_word_length: number;
  min_post_length: number;
  min_first_post_length: number;
  max_post_length: number;
  body_min_entropy: number;
  allow_uppercase_posts: boolean;
  /** lib/rate_limiter/on_create_record.rb: seconds between posts (TL0 and first-day users use the new_user ones). */
  rate_limit_create_post: number;
  rate_limit_new_user_create_post: number;
  rate_limit_create_topic: number;
  rate_limit_new_user_create_topic: number;
  /** app/models/post.rb limit_posts_per_day: replies per rolling 24 h while "posting on the first day" (TL0: always). */
  max_replies_in_first_day: number;
  /** app/models/topic.rb limit_topics_per_day. */
  max_topics_per_day: number;
  max_topics_in_first_day: number;
  /** lib/validators/post_validator.rb (TL0 only). */
  newuser_max_replies_per_topic: number;
  newuser_max_links: number;
  newuser_max_mentions_per_post: number;
  max_mentions_per_post: number;
  unique_posts_mins: number;
  max_consecutive_replies: number;
  /** topics_controller#show ?print=true, per user per hour; admins are exempt, 0 turns printing off. */
  max_prints_per_hour_per_user: number;
  /** app/models/concerns/roleable.rb whisperer?: empty means nobody whispers (the default). "staff" lets admins and moderators. */
  whispers_allowed_groups: string;
  /** lib/post_destroyer.rb: hours an author-deleted post stays as "(post deleted by author)". */
  delete_removed_posts_after: number;
}

export const SITE_SETTING_DEFAULTS: Readonly<SiteSettings> = {
  default_trust_level: 0,
  min_topic_title_length: 15,
  max_topic_title_length: 255,
  title_min_entropy: 10,
  title_max_word_length: 30,
  min_post_length: 20,
  min_first_post_length: 20,
  max_post_length: 32000,
  body_min_entropy: 7,
  allow_uppercase_posts: false,
  rate_limit_create_post: 5,
  rate_limit_new_user_create_post: 30,
  rate_limit_create_topic: 15,
  rate_limit_new_user_create_topic: 120,
  max_replies_in_first_day: 10,
  max_topics_per_day: 20,
  max_topics_in_first_day: 3,
  newuser_max_replies_per_topic: 3,
  newuser_max_links: 2,
  newuser_max_mentions_per_post: 2,
  max_mentions_per_post: 10,
  unique_posts_mins: 5,
  max_consecutive_replies: 3,
  max_prints_per_hour_per_user: 5,
  whispers_allowed_groups: "",
  delete_removed_posts_after: 24,
};

/**
 * Discourse's global (environment) settings for the request tracker, from
 * config/discourse_defaults.conf; see API-NOTES §7.
 */
export interface GlobalSettings {
  max_reqs_per_ip_per_10_seconds: number;
  max_reqs_per_ip_per_minute: number;
  /** block | warn | warn+block | none */
  max_reqs_per_ip_mode: "block" | "warn" | "warn+block" | "none";
  /** Off by default: loopback and private addresses are never limited per IP. */
  max_reqs_rate_limit_on_private: boolean;
}

export const GLOBAL_SETTING_DEFAULTS: Readonly<GlobalSettings> = {
  max_reqs_per_ip_per_10_seconds: 50,
  max_reqs_per_ip_per_minute: 200,
  max_reqs_per_ip_mode: "block",
  max_reqs_rate_limit_on_private: false,
};

/** Applies `{name: value}` changes, refusing unknown names and values of the wrong type. */
export function changeSettings<T extends object>(target: T, defaults: Readonly<T>, changes: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [name, value] of Object.entries(changes)) {
    if (!(name in defaults)) {
      errors.push(`No setting named '${name}' exists`);
      continue;
    }
    const want = typeof defaults[name as keyof T];
    const v = want === "number" && typeof value === "string" && value.trim() !== "" ? Number(value) : want === "boolean" && typeof value === "string" ? value === "true" : value;
    if (typeof v !== want || (want === "number" && !Number.isFinite(v as number))) {
      errors.push(`${name} takes a ${want}`);
      continue;
    }
    (target as Record<string, unknown>)[name] = v;
  }
  return errors;
}
