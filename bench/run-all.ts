/** `npm run bench`: every benchmark, each printing its own figures. */
import { runExtractBench } from "./extract.ts";

runExtractBench();
(await import("./cli-start.ts")).runCliStartBench();
