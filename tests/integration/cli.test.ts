import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, sharedDir, tempDir } from "../helpers.ts";

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
