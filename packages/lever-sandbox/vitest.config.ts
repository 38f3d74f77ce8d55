import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "lever-sandbox", include: ["test/**/*.test.ts"] }
})
