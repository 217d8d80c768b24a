#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step to forget after a pull,
// and stack-free errors come from src/cli.ts either way.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
