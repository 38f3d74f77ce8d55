/**
 * The settings page's entry: renders the app into `#root`. Loaded as a module script from this
 * origin only (the host's Content-Security-Policy allows nothing inline).
 */
import { StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { App } from "./App.tsx"
import "./styles.css"

const root = document.getElementById("root")
if (root !== null) createRoot(root).render(<StrictMode><App /></StrictMode>)
