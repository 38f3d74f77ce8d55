import { defineProject } from "vitest/config"
import { testDefaults } from "../../vitest.shared.ts"

export default defineProject({
  test: { ...testDefaults, name: "example-embed", include: ["test/**/*.test.ts"], testTimeout: 600_000, hookTimeout: 600_000 }
})
