#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step to forget after a pull,
// and stack-free errors come from src/cli/main.ts either way.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
