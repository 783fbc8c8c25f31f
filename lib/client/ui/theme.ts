// The theme is a `.dark` class on <html>: the user's stored choice, else the system's.
// No window access at import: the layout (a server component) reads the init script.

export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "cartograph-theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** Runs in <head> before the first paint, so a dark page never flashes light. */
export const themeInitScript = `(function(){try{var s=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});var d=s==="dark"||(s!=="light"&&window.matchMedia(${JSON.stringify(
  DARK_QUERY,
)}).matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === "dark" || value === "light" ? value : null;
  } catch {
    return null;
  }
}

function preferredTheme(): Theme {
  return storedTheme() ?? (window.matchMedia(DARK_QUERY).matches ? "dark" : "light");
}

function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle("dark", theme === "dark");
}

const listeners = new Set<() => void>();

export function currentTheme(): Theme {
  return document.documentElement.classList.contains("dark") ? "dark" : "light";
}

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page.
  }
  applyTheme(theme);
  for (const listener of listeners) listener();
}

/** Follows the system setting while no choice is stored, and choices made in other tabs. */
export function subscribeToTheme(listener: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  const sync = () => {
    applyTheme(preferredTheme());
    listener();
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY || event.key === null) sync();
  };
  listeners.add(listener);
  media.addEventListener("change", sync);
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    media.removeEventListener("change", sync);
    window.removeEventListener("storage", onStorage);
  };
}
