import { Parser } from "htmlparser2";
import { expect } from "vitest";

/** Forum text a hostile participant could write: markup, handlers, script URLs, bidi overrides, NUL. */
export const HOSTILE = {
  script: "<script>alert('pwned')</script>",
  onerror: '<img src=x onerror="alert(1)">',
  js: "javascript:alert(document.cookie)",
  bidi: "evil\u202Egnp.exe\u202C and \u2066isolated\u2069 text",
  nul: "nul\u0000byte",
};

/**
 * Parses the page as a browser would and checks that nothing in it can run or mislead: no
 * script, iframe, object or img element, no on* attribute, no link or form target but http(s),
 * a path or a fragment, and no NUL or bidi control anywhere in the text.
 */
export function expectInert(html: string): void {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (["script", "iframe", "object", "embed", "img", "base", "meta"].includes(name) && !(name === "meta" && (attrs.charset || attrs.name === "viewport"))) problems.push(`<${name}>`);
        for (const [k, v] of Object.entries(attrs)) {
          if (/^on/i.test(k)) problems.push(`${name}[${k}]`);
          if (["href", "src", "action", "formaction", "xlink:href"].includes(k) && !/^(https?:\/\/|\/|#)/i.test(v)) problems.push(`${name}[${k}=${v}]`);
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (/[\u0000\u202A-\u202E\u2066-\u2069]/.test(html)) problems.push("a NUL or bidi control character");
  expect(problems).toEqual([]);
}
