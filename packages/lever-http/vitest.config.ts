import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "lever-http", include: ["test/**/*.test.ts"] }
})
