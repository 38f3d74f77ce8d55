/**
 * The quickstart example's modules, for tests and for anyone composing the example differently.
 *
 * @since 0.1.0
 */
export * as Banner from "./Banner.ts"
export * as DataDir from "./DataDir.ts"
export * as Demo from "./Demo.ts"
export * as DemoTeam from "./DemoTeam.ts"
export * as Quickstart from "./Quickstart.ts"
export * as QuickstartConfig from "./QuickstartConfig.ts"
