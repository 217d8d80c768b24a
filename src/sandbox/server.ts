import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger, type Logger } from "../log.ts";
import { createSandboxApp, type SandboxApiKey, type SandboxSettings } from "./app.ts";
import { makeRandom, NO_FAULTS, type Faults } from "./faults.ts";
import { RequestLog } from "./request-log.ts";
import { GLOBAL_SETTING_DEFAULTS, type GlobalSettings, type SiteSettings } from "./settings.ts";
import { ForumState } from "./state.ts";
import { WebhookEmitter, type WebhookTarget } from "./webhooks.ts";

export type { LoggedRequest } from "./request-log.ts";
export type { SandboxApiKey, SandboxSettings, GlobalSettings, SiteSettings };

export interface SandboxOptions {
  port?: number;
  host?: string;
  apiKey: string;
  /** More admin API keys (optionally bound to one user); all share the one admin bucket. */
  apiKeys?: SandboxApiKey[];
  /** SQLite file; omit for an in-memory forum. */
  dataFile?: string;
  /** Admin-API requests per minute for the whole site (Discourse: 60); 0 turns that limit off. */
  rateLimit?: number;
  faults?: Faults;
  webhooks?: WebhookTarget[];
  seed?: number;
  log?: Logger;
  /**
   * The sandbox's clock, for time-based rules (30 s between a new user's posts, 24 h windows,
   * the 120 s replay window). Defaults to the real time. `PUT /__sandbox/clock` moves it on.
   */
  now?: () => Date;
  /** Site settings under Discourse's names (see settings.ts), e.g. `{ default_trust_level: 2 }`. */
  siteSettings?: Partial<SiteSettings>;
  /** The request tracker's per-IP limits; `{ max_reqs_rate_limit_on_private: true }` applies them to 127.0.0.1. */
  globalSettings?: Partial<GlobalSettings>;
  /** PostsController#create's 120 s replay of identical API creates (default on, as on Discourse). */
  replayCache?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  state: ForumState;
  settings: SandboxSettings;
  webhooks: WebhookEmitter;
  /** Every request answered: method, path, acting user, status; `.clear()` empties it. */
  requests: RequestLog;
  close(): Promise<void>;
}

/** Starts the sandbox forum on loopback; resolves once it is listening. */
export async function startSandbox(o: SandboxOptions): Promise<RunningSandbox> {
  const log = o.log ?? silentLogger;
  const base = o.now ?? (() => new Date());
  let offset = 0;
  const now = () => new Date(base().getTime() + offset);
  const state = new ForumState({ file: o.dataFile, now, siteSettings: o.siteSettings });
  const settings: SandboxSettings = {
    apiKey: o.apiKey,
    apiKeys: o.apiKeys ?? [],
    rateLimit: o.rateLimit ?? 60,
    faults: o.faults ?? NO_FAULTS,
    random: makeRandom(o.seed ?? Date.now()),
    replayCache: o.replayCache ?? true,
    global: { ...GLOBAL_SETTING_DEFAULTS, ...o.globalSettings },
  };
  const host = o.host ?? "127.0.0.1";
  let url = "";
  const emitter = new WebhookEmitter(state, o.webhooks ?? [], () => settings.faults, settings.random, () => url, log);
  state.listeners.push((e) => emitter.handle(e));
  const requests = new RequestLog();
  const app = createSandboxApp(state, settings, log, { requests, listenHost: () => host, advanceClock: (s) => void (offset += s * 1000) });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(o.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;
  return {
    url,
    port,
    state,
    settings,
    webhooks: emitter,
    requests,
    async close() {
      await emitter.idle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      state.close();
    },
  };
}
