import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "scheduler-http", include: ["test/**/*.test.ts"] }
})
