import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { machineTimeZone } from "../../src/cli/draft.ts";
import { runSeminar } from "../../src/cli/main.ts";
import { seminar, textSink } from "../cli-harness.ts";
import { DEMO_PLAN, eventually, onCleanup, ROOT, runCli, sharedDir, tempDir, type CliResult } from "../helpers.ts";

function oneLine(r: { stderr: string }) {
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  return lines[0]!;
}

const PLAN = DEMO_PLAN;

const BUSES = "Buses for Small Towns\n\nRural routes have been cut for a decade.\n\nFirst, councils should guarantee an hourly daytime service to the nearest hospital.\n\nSecond, the government must fund these routes for five years.\n";

/** A port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as import("node:net").AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("seminar CLI", () => {
  it("lists the eight subcommands", async () => {
    const r = await seminar(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["draft", "validate", "publish", "track", "digest", "status", "serve", "sandbox"]) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, "m"));
  });

  it("prints the help and exits 2 when given no command", async () => {
    const r = await seminar([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Usage: seminar /);
  });

  it("answers an unknown subcommand with one line and exit 2", async () => {
    const r = await seminar(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/unknown command 'frobnicate'/);
  });

  it("answers a missing document with one line and exit 2", async () => {
    const r = await seminar(["draft", "no/such/file.txt"]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe("seminar: no/such/file.txt: no such file; check the path");
  });

  it("answers a malformed plan with file:line and exit 2", async () => {
    const plan = path.join(tempDir(), "bad.yaml");
    writeFileSync(plan, "seminar:\n  id: Bad Id\n  title: x\nthreads: []\n");
    const r = await seminar(["validate", plan]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe(`seminar: ${plan}:2: seminar.id: must be 2-25 lower-case letters, digits and dashes; it names the seminar's topics on the forum (and 1 more problem)`);
  });

  it("says what a valid plan holds", async () => {
    const plan = path.join(tempDir(), "demo.yaml");
    writeFileSync(plan, PLAN);
    const r = await seminar(["validate", plan]);
    expect(r).toEqual({ code: 0, stdout: `${plan}: ok, seminar "demo" with 1 threads (2 counterarguments)\n`, stderr: "" });
  });

  it("refuses empty, binary, non-UTF-8, unsupported and oversized documents, one line each", async () => {
    const dir = tempDir();
    const cases: [string, string | Buffer, RegExp][] = [
      ["empty.txt", "  \n", /is empty/],
      ["binary.txt", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), /binary file/],
      ["latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), /not valid UTF-8/],
      ["slides.pptx", "hello", /unsupported file type ".pptx"/],
      ["huge.txt", Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), /over the 10 MB limit/],
    ];
    for (const [name, content, msg] of cases) {
      writeFileSync(path.join(dir, name), content);
      const r = await seminar(["draft", path.join(dir, name)]);
      expect(r.code, name).toBe(2);
      expect(oneLine(r)).toMatch(msg);
    }
  });

  it("says what to do when no forum is configured and the sandbox is not running", async () => {
    const r = await seminar(["track"], { env: { SEMINAR_DATA_DIR: tempDir(), SANDBOX_PORT: "1" } });
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/sandbox forum is not running.*npm start/);
  });

  it("answers a forum it cannot reach with one line and exit 1, without the API key", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "demo.yaml"), PLAN);
    const key = "secret-api-key-0123456789";
    const env = { DISCOURSE_URL: `http://127.0.0.1:${await closedPort()}`, DISCOURSE_API_KEY: key, DISCOURSE_TIMEOUT_MS: "2000", SEMINAR_DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "silent" };
    const r = await seminar(["publish", path.join(dir, "demo.yaml"), "--now"], { env });
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(/^seminar: could not (release rec-1|prepare the seminar): .*could not connect/);
    expect(r.stdout + r.stderr).not.toContain(key);
  });

  it("reports a bug as one line asking for a report, exit 1, with secrets scrubbed", async () => {
    const plan = path.join(tempDir(), "demo.yaml");
    writeFileSync(plan, PLAN);
    const key = "secret-api-key-0123456789";
    const stderr = textSink();
    const failing = { write: () => { throw new Error(`stdout closed while using ${key}\n    at somewhere (file.ts:1:1)`); } } as unknown as NodeJS.WritableStream;
    const code = await runSeminar(["validate", plan], { env: { DISCOURSE_API_KEY: key }, stdout: failing, stderr: stderr.stream });
    expect(code).toBe(1);
    expect(oneLine({ stderr: stderr.text() })).toBe("seminar: unexpected error: stdout closed while using [REDACTED] (please report it)");
  });

  it("reads .env beneath the environment: variables already set win", async () => {
    const dir = tempDir();
    for (const d of ["from-env-file", "from-env"]) mkdirSync(path.join(dir, d));
    const dotEnvFile = path.join(dir, ".env");
    writeFileSync(dotEnvFile, `SEMINAR_DIR=${path.join(dir, "from-env-file")}\nSEMINAR_DATA_DIR=${path.join(dir, "data")}\n`);
    const fromFile = await seminar(["status"], { ctx: { dotEnvFile } });
    expect(fromFile.stdout).toBe(`no seminar plans in ${path.join(dir, "from-env-file")}\n`);
    const overridden = await seminar(["status"], { env: { SEMINAR_DIR: path.join(dir, "from-env") }, ctx: { dotEnvFile } });
    expect(overridden.stdout).toBe(`no seminar plans in ${path.join(dir, "from-env")}\n`);
  });

  it("lists each seminar's threads in status, and as JSON", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "seminars"));
    writeFileSync(path.join(dir, "seminars", "demo.yaml"), PLAN);
    const env = { SEMINAR_DIR: path.join(dir, "seminars"), SEMINAR_DATA_DIR: path.join(dir, "data") };
    const text = await seminar(["status"], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^demo {2}A demo seminar {2}\(.*demo\.yaml\)\n {2}rec-1 +\S+/);
    const json = await seminar(["status", "--json"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject([{ id: "demo", threads: [{ id: "rec-1", replies: 0 }] }]);
  });

  it("prints the seed's four recommendations in order as JSON", async () => {
    const shared = sharedDir();
    if (!shared) return;
    const r = await seminar(["draft", path.join(shared, "seed/docs/korea-japan-security-cooperation.txt"), "--json"]);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as { recommendations: { id: string; text: string; counterarguments: unknown[] }[] };
    expect(x.recommendations.map((rec) => rec.text.split(",")[0])).toEqual(["First", "Second", "Third", "Fourth"]);
    expect(x.recommendations.every((rec) => rec.counterarguments.length >= 2)).toBe(true);
  });
});

describe("seminar draft", () => {
  function doc(text = BUSES) {
    const dir = tempDir();
    writeFileSync(path.join(dir, "buses.txt"), text);
    return { dir, file: path.join(dir, "buses.txt"), plan: path.join(dir, "seminars", "buses.yaml") };
  }

  it("writes the schedule in the zone given by --timezone, and the plan validates", async () => {
    const d = doc();
    const r = await seminar(["draft", d.file, "-o", d.plan, "--timezone", "Asia/Seoul", "--category", "town-buses"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Wrote .*buses\.yaml: 2 threads from 2 recommendations/);
    const yaml = readFileSync(d.plan, "utf8");
    expect(yaml).toMatch(/^ {2}timezone: Asia\/Seoul$/m);
    expect(yaml).toMatch(/^ {2}category: town-buses$/m);
    expect((await seminar(["validate", d.plan])).code).toBe(0);
  });

  it("defaults to this machine's zone, and says so in its help", async () => {
    const zone = machineTimeZone() ?? "UTC";
    const r = await seminar(["draft", doc().file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`\n  timezone: ${zone}\n`);
    const help = await seminar(["draft", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(`--timezone <IANA zone>`);
    expect(help.stdout.replace(/\s+/g, " ")).toMatch(new RegExp(`\\(default: ${zone}, (this machine's zone|as this machine names no IANA zone)\\)`));
  });

  it("refuses a zone that is not an IANA zone, in one line, writing nothing", async () => {
    const d = doc();
    const r = await seminar(["draft", d.file, "-o", d.plan, "--timezone", "Mars/Olympus_Mons"]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe('seminar: --timezone: "Mars/Olympus_Mons" is not an IANA time zone; use one such as Europe/London, America/New_York or UTC');
    expect(existsSync(d.plan)).toBe(false);
  });

  it("says so in one line and writes no plan when the document has no recommendations", async () => {
    const d = doc("A Walk in the Park\n\nThe weather was fine on Sunday. We walked to the park and fed the ducks.\n\nAfterwards we had tea.\n");
    const r = await seminar(["draft", d.file, "-o", d.plan]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe(`seminar: ${d.file}: no recommendations found, so no plan was written; a seminar needs at least one (--json shows what was found)`);
    expect(existsSync(d.plan)).toBe(false);
    expect(r.stdout).toBe("");
    const json = await seminar(["draft", d.file, "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).recommendations).toEqual([]);
  });

  it("keeps an existing plan unless --force", async () => {
    const d = doc();
    mkdirSync(path.dirname(d.plan));
    writeFileSync(d.plan, "# mine\n");
    const r = await seminar(["draft", d.file, "-o", d.plan]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/already exists; choose another name or pass --force/);
    expect(readFileSync(d.plan, "utf8")).toBe("# mine\n");
    expect((await seminar(["draft", d.file, "-o", d.plan, "--force"])).code).toBe(0);
    expect(readFileSync(d.plan, "utf8")).toContain("recommendation:");
  });
});

describe("seminar draft --llm", () => {
  async function fakeModel(reply: (body: any) => { status: number; body: unknown }) {
    const { createServer } = await import("node:http");
    const seen: any[] = [];
    const server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const body = JSON.parse(raw || "{}");
        seen.push({ auth: req.headers.authorization, body });
        const r = reply(body);
        res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    onCleanup(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
    return { url: `http://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}/v1`, seen };
  }

  it("fills threads with the model's counterarguments, marked llm", async () => {
    // A model that does as the prompt asks: each counterargument names the recommendation it answers
    // by its title (the prompt's "Title of the recommendation:" line); uncited ones would be dropped.
    const model = await fakeModel((body) => {
      const title = /Title of the recommendation: (.*)/.exec(body.messages?.[0]?.content ?? "")?.[1] ?? "";
      const counterarguments = [
        `“${title}”: an hourly bus that runs empty costs more than a taxi voucher scheme. Why not fund vouchers?`,
        `“${title}”: hospitals move services, and a route fixed for years may serve the wrong place. How would it adapt?`,
        `“${title}”: drivers are scarce in small towns. Who would drive these buses?`,
      ];
      return { status: 200, body: { id: "c1", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: JSON.stringify({ counterarguments }) } }] } };
    });
    const dir = tempDir();
    writeFileSync(path.join(dir, "buses.txt"), BUSES);
    const r = await seminar(["draft", path.join(dir, "buses.txt"), "--json", "--llm"], { env: { OPENAI_API_KEY: "sk-test-secret-123456", OPENAI_BASE_URL: model.url, SEMINAR_DATA_DIR: dir } });
    expect(r.code, r.stderr).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(x.recommendations[0].counterarguments.map((c: { source: string }) => c.source)).toEqual(["llm", "llm", "llm"]);
    expect(model.seen[0].auth).toBe("Bearer sk-test-secret-123456");
    expect(model.seen[0].body.messages[0].content).toContain("councils should guarantee an hourly daytime service");
  });

  it("keeps the lens questions and warns, without the key, when the model fails", async () => {
    const model = await fakeModel(() => ({ status: 500, body: { error: { message: "overloaded" } } }));
    const dir = tempDir();
    writeFileSync(path.join(dir, "buses.txt"), BUSES);
    const r = await seminar(["draft", path.join(dir, "buses.txt"), "--json", "--llm"], { env: { OPENAI_API_KEY: "sk-test-secret-123456", OPENAI_BASE_URL: model.url, SEMINAR_DATA_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: no model-written counterarguments/);
    expect(r.stderr).not.toContain("sk-test-secret-123456");
    expect(JSON.parse(r.stdout).recommendations[0].counterarguments.every((c: { source: string }) => c.source === "lens")).toBe(true);
  });

  it("asks for the key when --llm has none", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "buses.txt"), BUSES);
    const r = await seminar(["draft", path.join(dir, "buses.txt"), "--llm"], { env: { SEMINAR_DATA_DIR: dir } });
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/--llm needs OPENAI_API_KEY/);
  });
});

describe("long-running commands, stopped as Ctrl-C would", () => {
  /** Starts a command that runs until stopped; teardown stops it and waits for its exit code. */
  function running(args: string[], env: Record<string, string>) {
    const stdout = textSink();
    const stderr = textSink();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const exit = runSeminar(args, { env: { LOG_LEVEL: "warn", ...env }, stdout: stdout.stream, stderr: stderr.stream, untilStopped: () => stopped });
    onCleanup(async () => {
      stop();
      await exit;
    });
    return { stdout, stderr, stop, exit };
  }

  it("seminar sandbox prints its URL, serves the forum, and exits 0 when stopped", async () => {
    const sb = running(["sandbox", "--port", "0", "--api-key", "sandbox-key-123456"], {});
    const url = await eventually(() => /^http:\/\/127\.0\.0\.1:\d+$/m.exec(sb.stdout.text())?.[0]);
    expect((await fetch(`${url}/latest.json`)).status).toBe(200);
    sb.stop();
    expect(await sb.exit).toBe(0);
  });

  it("seminar serve starts the service on the sandbox, says when it is ready, and stops cleanly", async () => {
    const dir = tempDir();
    const svc = running(["serve"], { PORT: "0", SANDBOX_PORT: "0", SEMINAR_DIR: path.join(dir, "seminars"), SEMINAR_DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "silent" });
    await eventually(() => svc.stdout.text().includes("Ready."), 15_000);
    const url = /^Service: +(\S+)/m.exec(svc.stdout.text())![1]!;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    svc.stop();
    expect(await svc.exit).toBe(0);
    expect(svc.stdout.text()).toMatch(/Stopping…\n$/);
  });
});

describe("the seminar binary", () => {
  it("runs end to end: help exits 0, a mistake is one line and exit 2", async () => {
    const help: CliResult = await runCli(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^ {2}validate\b/m);
    const plan = path.join(tempDir(), "bad.yaml");
    writeFileSync(plan, "seminar: [\n");
    const bad = await runCli(["validate", plan], { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toMatch(new RegExp(`^seminar: ${plan.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`));
  });
});
