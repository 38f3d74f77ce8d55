/**
 * The test options every vitest project starts from. A project's own `vitest.config.ts` does not inherit
 * the root config's `test` options (only the command line reaches every project), so each project spreads
 * these first and overrides what it needs: a slow machine must not turn vitest's 5 s default into failures.
 */
export const testDefaults = {
  testTimeout: 30_000,
  hookTimeout: 60_000
} as const
