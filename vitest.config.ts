import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start servers on loopback; two workers suit the 2-core machines.
    maxWorkers: 2,
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
