/**
 * The list of vitest projects. vitest 5 no longer reads this file by itself, so the root
 * `vitest.config.ts` imports it as `test.projects`; add a package here and it is tested.
 */
export const projects = [
  "packages/*/vitest.config.ts",
  "examples/*/vitest.config.ts",
  "scripts/vitest.config.ts"
]

export default projects
