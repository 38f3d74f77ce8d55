import { defineProject } from "vitest/config"
import { testDefaults } from "../../vitest.shared.ts"

export default defineProject({
  test: { ...testDefaults, name: "http-host", include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 }
})
