import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "worker-host", include: ["test/**/*.test.ts"] }
})
