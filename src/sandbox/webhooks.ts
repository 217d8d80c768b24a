import { signWebhook } from "../discourse/webhook-signature.ts";
import type { Logger } from "../log.ts";
import type { Faults } from "./faults.ts";
import { serializeWebhookPost, serializeWebhookTopic } from "./serialize/topic.ts";
import type { ForumEvent } from "./model.ts";
import type { ForumState } from "./state.ts";

export interface WebhookTarget {
  url: string;
  secret?: string;
}

/**
 * Delivers forum events the way Discourse's Sidekiq job does: after the API has answered,
 * one POST per event with Discourse's headers, signed over the exact bytes sent.
 */
export class WebhookEmitter {
  private nextEventId = 1;
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly state: ForumState,
    public targets: WebhookTarget[],
    private readonly faults: () => Faults,
    private readonly random: () => number,
    private readonly instanceUrl: () => string,
    private readonly log: Logger,
  ) {}

  handle(e: ForumEvent): void {
    if (!this.targets.length) return;
    // Serialise now: the payload describes the record as it was when the event happened.
    const payload = e.type === "post" ? serializeWebhookPost(this.state, e.post) : serializeWebhookTopic(this.state, e.topic);
    const body = JSON.stringify({ [e.type]: payload });
    for (const target of this.targets) {
      const f = this.faults();
      if (this.random() < f["webhook-drop"]) {
        this.log.debug({ event: e.event }, "sandbox dropped a webhook (fault injection)");
        continue;
      }
      const copies = this.random() < f["webhook-dup"] ? 2 : 1;
      const eventId = this.nextEventId++;
      for (let i = 0; i < copies; i++) this.track(this.deliver(target, e, body, eventId));
    }
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits for deliveries in flight; tests and shutdown use it. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async deliver(target: WebhookTarget, e: ForumEvent, body: string, eventId: number): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    const headers: Record<string, string> = {
      Accept: "*/*",
      "Content-Type": "application/json",
      "User-Agent": "Discourse/3.4.0 (sandbox)",
      "X-Discourse-Instance": this.instanceUrl(),
      "X-Discourse-Event-Id": String(eventId),
      "X-Discourse-Event-Type": e.type,
      "X-Discourse-Event": e.event,
    };
    if (target.secret) headers["X-Discourse-Event-Signature"] = signWebhook(target.secret, body);
    try {
      const res = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(20_000) });
      await res.body?.cancel();
      this.log.debug({ event: e.event, status: res.status }, "sandbox webhook delivered");
    } catch (err) {
      this.log.warn({ event: e.event, err: (err as Error).message }, "sandbox webhook delivery failed");
    }
  }
}
