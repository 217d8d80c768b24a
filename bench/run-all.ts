/** `npm run bench`: every benchmark, each printing its own figures. */
import { runExtractBench } from "./extract.ts";

runExtractBench();
await (await import("./webhooks.ts")).runWebhookBench();
await (await import("./digest.ts")).runDigestBench();
