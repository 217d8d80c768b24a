/** `npm run bench`: every benchmark, each printing its own figures. */
import { runExtractBench } from "./extract.ts";
import { runSandboxBench } from "./sandbox.ts";

runExtractBench();
console.log("");
await runSandboxBench();
console.log("");
(await import("./cli-start.ts")).runCliStartBench();
console.log("");
await (await import("./tracking.ts")).runTrackingBench();
console.log("");
await (await import("./webhooks.ts")).runWebhookBench();
console.log("");
await (await import("./digest.ts")).runDigestBench();
