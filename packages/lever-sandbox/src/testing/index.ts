/**
 * Test support for code that talks to Lever: the `LeverApiContract` fixture over the sandbox. A subpath of
 * its own because it refers to `@fulcrum/core/testing` (and so to vitest's types), which the sandbox itself
 * does not need.
 *
 * @since 0.2.0
 */

/** The `LeverApiContract` kit's fixture over a sandbox (either face). @since 0.2.0 */
export * as ContractFixture from "./ContractFixture.ts"
