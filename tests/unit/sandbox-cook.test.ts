import { describe, expect, it } from "vitest";
import { cook, linkCount, mentionCount } from "../../src/sandbox/cook.ts";

describe("cook (the sandbox's Markdown)", () => {
  it("keeps a backslash-escaped link as text, as markdown-it does", () => {
    const html = cook("See \\[the official page\\](https://evil.example/login) for details.");
    expect(html).toContain("[the official page](");
    expect(html).not.toMatch(/<a [^>]*>the official page<\/a>/);
  });

  it("still makes links of Markdown links and bare URLs (linkify), never nested", () => {
    expect(cook("A [page](https://a.example/x) here")).toBe('<p>A <a href="https://a.example/x">page</a> here</p>');
    expect(cook("Bare https://b.example/y, then text")).toBe('<p>Bare <a href="https://b.example/y">https://b.example/y</a>, then text</p>');
    expect(cook("[see https://c.example](https://d.example)")).toBe('<p><a href="https://d.example">see https://c.example</a></p>');
  });

  it("honours escapes of other punctuation and leaves code spans alone", () => {
    expect(cook("\\*not emphasis\\* and `\\*code\\*`")).toBe("<p>*not emphasis* and <code>\\*code\\*</code></p>");
  });

  it("keeps text inert: markup, NUL bytes and placeholders cannot forge HTML", () => {
    const html = cook("<script>alert(1)</script> \u00000\u0000 \\<b\\>");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("\u0000");
  });

  it("counts links (mentions aside) and distinct mentions as the new-user limits do", () => {
    expect(linkCount(cook("@alice https://a.example [b](https://b.example)"))).toBe(2);
    expect(mentionCount("@alice @Alice @bob, mail me at x@example.com")).toBe(2);
  });
});
