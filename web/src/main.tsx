import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { I18nProvider } from "./i18n/index.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  // React would print the error with the component's props: customer data stays out of the console.
  const quiet = () =>
    console.error("Rapport: a screen failed to render (details withheld: they may hold customer data)");
  createRoot(root, { onCaughtError: quiet, onUncaughtError: quiet }).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
}
