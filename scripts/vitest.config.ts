import { defineProject } from "vitest/config"
import { testDefaults } from "../vitest.shared.ts"

export default defineProject({
  // These tests run pnpm, tsc and npm as child processes: seconds on a quiet machine, a minute on a busy one.
  test: { ...testDefaults, name: "scripts", include: ["test/**/*.test.ts"], testTimeout: 120_000 }
})
