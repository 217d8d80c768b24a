import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { startService } from "../src/service.ts";
import { storePath } from "../src/store/db.ts";
import { openStore } from "../src/store/store.ts";
import { onCleanup, tempDir } from "./helpers.ts";

/** A two-thread seminar in London time: rec-1 (with a stance poll) goes out at once, rec-2 next Monday. */
export function busesPlan(o: { status?: "draft" | "approved"; counterarguments?: string[] } = {}): string {
  const cas = o.counterarguments ?? ["Hourly buses would run empty most of the day, at great cost."];
  return `status: ${o.status ?? "approved"}
seminar:
  id: buses
  title: A seminar on buses
  timezone: Europe/London
  schedule: "0 9 * * 1"
threads:
  - id: rec-1
    title: Councils should run hourly buses to hospitals
    recommendation: Councils should run hourly buses to hospitals.
    poll:
      question: Where do you stand?
      options: [Agree, Disagree]
    counterarguments:
${cas.map((c) => `      - text: ${JSON.stringify(c)}`).join("\n")}
  - id: rec-2
    title: Councils should print their bus timetables at every stop
    recommendation: Councils should print their bus timetables at every stop.
`;
}

/**
 * The service as `npm start` runs it (its own sandbox forum, free ports, a temp data dir) with
 * one plan, no timers, and its JSON log lines captured; stopped in teardown.
 */
export async function consoleService(o: { env?: Record<string, string>; plan?: string } = {}) {
  const dir = tempDir();
  mkdirSync(path.join(dir, "seminars"));
  const planFile = path.join(dir, "seminars", "buses.yaml");
  writeFileSync(planFile, o.plan ?? busesPlan());
  const config = loadConfig({ PORT: "0", SANDBOX_PORT: "0", SEMINAR_DIR: path.join(dir, "seminars"), SEMINAR_DATA_DIR: path.join(dir, "data"), ...o.env });
  let logged = "";
  const sink = new Writable({
    write(c, _e, cb) {
      logged += String(c);
      cb();
    },
  });
  const svc = await startService(config, { log: createLogger({ level: "info", format: "json", destination: sink }), out: () => {}, schedules: false });
  onCleanup(() => svc.close());
  const store = openStore(storePath(config.SEMINAR_DATA_DIR));
  onCleanup(() => store.close());
  const logs = () => logged.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { msg: string; action?: string });
  return { svc, store, config, planFile, logs };
}
