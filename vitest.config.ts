import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Room, not deadlines: no test asserts on time, and tests that spawn the CLI or a browser
    // take 20-40 s on a 2-core machine while the other worker runs beside them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests start servers on loopback; two workers suit the 2-core machines.
    maxWorkers: 2,
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
