import { defineProject } from "vitest/config"

export default defineProject({
  // These tests run pnpm, tsc and npm as child processes: seconds on a quiet machine, a minute on a busy one.
  test: { name: "scripts", include: ["test/**/*.test.ts"], testTimeout: 120_000 }
})
