import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "signature-lever", include: ["test/**/*.test.ts"] }
})
