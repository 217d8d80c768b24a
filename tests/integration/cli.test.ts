import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { onCleanup, runCli, sharedDir, tempDir } from "../helpers.ts";

function oneLine(r: { stderr: string }) {
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  return lines[0]!;
}

describe("seminar CLI", () => {
  it("lists the eight subcommands", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["draft", "validate", "publish", "track", "digest", "status", "serve", "sandbox"]) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, "m"));
  });

  it("answers an unknown subcommand with one line and exit 2", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/unknown command 'frobnicate'/);
  });

  it("answers a missing document with one line and exit 2", async () => {
    const r = await runCli(["draft", "no/such/file.txt"]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe("seminar: no/such/file.txt: no such file; check the path");
  });

  it("answers a malformed plan with file:line and exit 2", async () => {
    const dir = tempDir();
    const plan = path.join(dir, "bad.yaml");
    writeFileSync(plan, "seminar:\n  id: Bad Id\n  title: x\nthreads: []\n");
    const r = await runCli(["validate", plan]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe(`seminar: ${plan}:2: seminar.id: must be 2-25 lower-case letters, digits and dashes; it names the seminar's topics on the forum (and 1 more problem)`);
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
      const r = await runCli(["draft", path.join(dir, name)]);
      expect(r.code, name).toBe(2);
      expect(oneLine(r)).toMatch(msg);
    }
  });

  it("says what to do when no forum is configured and the sandbox is not running", async () => {
    const dir = tempDir();
    const r = await runCli(["track"], { env: { SEMINAR_DATA_DIR: dir, SANDBOX_PORT: "1" } });
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/sandbox forum is not running.*npm start/);
  });

  it("prints the seed's four recommendations in order as JSON", async () => {
    const shared = sharedDir();
    if (!shared) return;
    const r = await runCli(["draft", path.join(shared, "seed/docs/korea-japan-security-cooperation.txt"), "--json"]);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as { recommendations: { id: string; text: string; counterarguments: unknown[] }[] };
    expect(x.recommendations.map((rec) => rec.text.split(",")[0])).toEqual(["First", "Second", "Third", "Fourth"]);
    expect(x.recommendations.every((rec) => rec.counterarguments.length >= 2)).toBe(true);
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
  const doc = "Buses for Small Towns\n\nRural routes have been cut for a decade.\n\nFirst, councils should guarantee an hourly daytime service to the nearest hospital.\n\nSecond, the government must fund these routes for five years.\n";

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
    writeFileSync(path.join(dir, "buses.txt"), doc);
    const r = await runCli(["draft", path.join(dir, "buses.txt"), "--json", "--llm"], { env: { OPENAI_API_KEY: "sk-test-secret-123456", OPENAI_BASE_URL: model.url, SEMINAR_DATA_DIR: dir } });
    expect(r.code, r.stderr).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(x.recommendations[0].counterarguments.map((c: { source: string }) => c.source)).toEqual(["llm", "llm", "llm"]);
    expect(model.seen[0].auth).toBe("Bearer sk-test-secret-123456");
    expect(model.seen[0].body.messages[0].content).toContain("councils should guarantee an hourly daytime service");
  });

  it("keeps the lens questions and warns, without the key, when the model fails", async () => {
    const model = await fakeModel(() => ({ status: 500, body: { error: { message: "overloaded" } } }));
    const dir = tempDir();
    writeFileSync(path.join(dir, "buses.txt"), doc);
    const r = await runCli(["draft", path.join(dir, "buses.txt"), "--json", "--llm"], { env: { OPENAI_API_KEY: "sk-test-secret-123456", OPENAI_BASE_URL: model.url, SEMINAR_DATA_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: no model-written counterarguments/);
    expect(r.stderr).not.toContain("sk-test-secret-123456");
    expect(JSON.parse(r.stdout).recommendations[0].counterarguments.every((c: { source: string }) => c.source === "lens")).toBe(true);
  });

  it("asks for the key when --llm has none", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "buses.txt"), doc);
    const r = await runCli(["draft", path.join(dir, "buses.txt"), "--llm"], { env: { SEMINAR_DATA_DIR: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--llm needs OPENAI_API_KEY/);
  });
});
