import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * The worker's whole program. Plain CommonJS evaluated as a string, so it runs the same under
 * tsx and from dist/, and loads nothing of ours. It opens its own connection and runs PASSIVE
 * checkpoints, which never wait for the service's writes nor make them wait: the copy into the
 * database file and its two fsyncs (3 ms each on this machine's disk) happen off the event loop.
 */
const PROGRAM = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const run = () => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ type: "checkpoint", walPages: r.log, copiedPages: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ type: "error", message: e.message });
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m === "now") return run();
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the timer and closes the worker's connection. */
  stop(): Promise<void>;
}

export interface CheckpointEvent {
  type: "checkpoint" | "error";
  walPages?: number;
  copiedPages?: number;
  message?: string;
}

/**
 * Checkpoints the store's WAL every `everyMs` from a worker thread. The service's own connection
 * no longer checkpoints inside its commits (see openDb), so without this, or calls to
 * Store.checkpoint(), the WAL would grow to the backstop limit. Nothing to do for ":memory:".
 */
export function startCheckpointer(file: string, o: { everyMs?: number; onEvent?: (e: CheckpointEvent) => void } = {}): Checkpointer {
  if (file === ":memory:") return { stop: async () => {} };
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(PROGRAM, { eval: true, workerData: { file, driver, everyMs: o.everyMs ?? 1000 } });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.on("message", (e: CheckpointEvent) => o.onEvent?.(e));
  worker.on("error", (e) => o.onEvent?.({ type: "error", message: e.message }));
  // The service's exit must not wait for its housekeeping.
  worker.unref();
  return {
    stop() {
      worker.postMessage("stop");
      return exited;
    },
  };
}
