import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "threads",
    // Integration tests start databases, hash passwords (scrypt) and drive Chromium: on a loaded
    // 2-core machine a setup takes seconds. Limits catch hangs, not slowness.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
