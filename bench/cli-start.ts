/**
 * How long `seminar` takes to start, beside `node -e 0` on the same machine: median wall-clock
 * and CPU time of several runs of each command, after one unmeasured run (which builds the CLI
 * if the sources changed, as the first start after a pull does).
 * Targets: `--help` and `validate <plan>` under 0.5 s wall, `status` under 0.8 s.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "bin/seminar.js");

/** CPU seconds used by this process's waited-for children (Linux's /proc), or undefined elsewhere. */
function childrenCpu(ticksPerSecond: number): number | undefined {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond; // cutime, cstime
  } catch {
    return undefined;
  }
}

function clockTicks(): number {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout?.trim()) || 100;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(args: string[], env: NodeJS.ProcessEnv, runs: number, ticks: number): { wall: number; cpu?: number } {
  const run = () => {
    const cpu0 = childrenCpu(ticks);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    const wall = (performance.now() - t0) / 1000;
    const cpu1 = childrenCpu(ticks);
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${String(r.stderr).trim()}`);
    return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
  };
  run();
  const samples = Array.from({ length: runs }, run);
  const cpus = samples.map((s) => s.cpu).filter((c): c is number => c !== undefined);
  return { wall: median(samples.map((s) => s.wall)), cpu: cpus.length === runs ? median(cpus) : undefined };
}

export function runCliStartBench(runs = 9): void {
  const dataDir = mkdtempSync(path.join(tmpdir(), "seminar-bench-"));
  const env = { ...process.env, SEMINAR_DIR: path.join(ROOT, "seminars"), SEMINAR_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  const ticks = clockTicks();
  const cases: [string, string[], number | undefined][] = [
    ["node -e 0", ["-e", "0"], undefined],
    ["seminar --help", [BIN, "--help"], 0.5],
    ["seminar validate <plan>", [BIN, "validate", "seminars/four-day-week.yaml"], 0.5],
    ["seminar status", [BIN, "status"], 0.8],
  ];
  try {
    console.log(`CLI start benchmark: median of ${runs} runs after one warm-up, wall and CPU seconds`);
    console.log(`${"command".padEnd(26)} ${"wall s".padStart(7)} ${"CPU s".padStart(7)}  target`);
    for (const [name, args, target] of cases) {
      const r = measure(args, env, runs, ticks);
      const verdict = target === undefined ? "" : `< ${target} s wall: ${r.wall < target ? "ok" : "MISSED"}`;
      console.log(`${name.padEnd(26)} ${r.wall.toFixed(2).padStart(7)} ${(r.cpu?.toFixed(2) ?? "n/a").padStart(7)}  ${verdict}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("cli-start.ts")) runCliStartBench();
