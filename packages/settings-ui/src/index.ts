/**
 * `@fulcrum/settings-ui`: Fulcrum's settings page, a single-page app that walks a recruiting-ops admin
 * through Lever setup with the live checklist and shows what happened to every candidate. It calls
 * the API only through `@fulcrum/api`'s typed client. The built files ship in the package
 * (`dist/page`); `@fulcrum/http-host` serves them (`SettingsPage`), with a strict Content-Security-Policy.
 *
 * @since 0.1.0
 */

/** Builds the page with Vite into `dist/page`, compressed at build time (workspace and `prepack`). @since 0.1.0 */
export * as Build from "./Build.ts"
/** The built page's files in the forms a host serves (identity, gzip, brotli). @since 0.1.0 */
export * as SettingsAssets from "./SettingsAssets.ts"
/** Whether a build's output matches its inputs (a hash of them kept next to it). @since 0.2.0 */
export * as InputsStamp from "./InputsStamp.ts"
