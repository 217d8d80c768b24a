import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/** host:pid:uuid: a claim names its process, so a restart on the same machine can tell its owner is gone. */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomUUID()}`;

/** Whether a claim belongs to a process on this machine that no longer runs (a crash or a kill). */
export function ownerIsGone(claimedBy: string): boolean {
  const [host, pid] = claimedBy.split(":");
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  return !processIsAlive(Number(pid));
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
