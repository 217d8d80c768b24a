import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger, type Logger } from "../log.ts";
import { createSandboxApp, type SandboxSettings } from "./app.ts";
import { makeRandom, NO_FAULTS, type Faults } from "./faults.ts";
import { ForumState } from "./state.ts";
import { WebhookEmitter, type WebhookTarget } from "./webhooks.ts";

export interface SandboxOptions {
  port?: number;
  host?: string;
  apiKey: string;
  /** SQLite file; omit for an in-memory forum. */
  dataFile?: string;
  rateLimit?: number;
  faults?: Faults;
  webhooks?: WebhookTarget[];
  seed?: number;
  log?: Logger;
  replayCache?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  state: ForumState;
  settings: SandboxSettings;
  webhooks: WebhookEmitter;
  requests: { method: string; path: string; user?: string; status: number }[];
  close(): Promise<void>;
}

/** Starts the sandbox forum on loopback; resolves once it is listening. */
export async function startSandbox(o: SandboxOptions): Promise<RunningSandbox> {
  const log = o.log ?? silentLogger;
  const state = new ForumState({ file: o.dataFile });
  const settings: SandboxSettings = {
    apiKey: o.apiKey,
    rateLimit: o.rateLimit ?? 60,
    faults: o.faults ?? NO_FAULTS,
    random: makeRandom(o.seed ?? Date.now()),
    replayCache: o.replayCache,
    requests: [],
  };
  let url = "";
  const emitter = new WebhookEmitter(state, o.webhooks ?? [], () => settings.faults, settings.random, () => url, log);
  state.listeners.push((e) => emitter.handle(e));
  const app = createSandboxApp(state, settings, log);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(o.port ?? 0, o.host ?? "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${o.host ?? "127.0.0.1"}:${port}`;
  return {
    url,
    port,
    state,
    settings,
    webhooks: emitter,
    requests: settings.requests!,
    async close() {
      await emitter.idle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      state.close();
    },
  };
}
