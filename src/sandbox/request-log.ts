/** One request as the sandbox saw it. */
export interface LoggedRequest {
  method: string;
  /** The path as requested, `.json` included, without the query. */
  path: string;
  /** The query string, without its `?` ("" when none). */
  query: string;
  /** The acting user's username, or null when anonymous or refused before authentication. */
  user: string | null;
  status: number;
  /** When it was answered, on the sandbox's clock. */
  at: string;
}

/**
 * Every request the sandbox answered, in order, for tests to assert what a client actually
 * sent (`sandbox.requests.entries`, `.count("POST", "/posts.json")`, `.clear()`). Keeps the last
 * `limit` entries so a long-running sandbox does not grow without end.
 */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  constructor(readonly limit = 10_000) {}

  add(e: LoggedRequest): void {
    this.entries.push(e);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Entries with this method and path (a string is exact; a RegExp tests the path). */
  find(method: string, path: string | RegExp): LoggedRequest[] {
    return this.entries.filter((e) => e.method === method.toUpperCase() && (typeof path === "string" ? e.path === path : path.test(e.path)));
  }

  count(method: string, path: string | RegExp): number {
    return this.find(method, path).length;
  }
}
