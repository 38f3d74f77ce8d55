import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "provider-sandbox", include: ["test/**/*.test.ts"] }
})
