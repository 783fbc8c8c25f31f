// The keyboard shortcuts: which key does what, and when a key is the user's typing instead.
// Pages mark the elements a shortcut acts on with `data-shortcut`, so this file knows no page.

export type ShortcutAction =
  | "search"
  | "go-to-file"
  | "previous-page"
  | "next-page"
  | "stop-answer"
  | "help";

export const SHORTCUTS: { keys: string; action: ShortcutAction; label: string }[] = [
  { keys: "/", action: "search", label: "Search the code, runs or wikis on this page" },
  { keys: "t", action: "go-to-file", label: "Go to a file (source viewer)" },
  { keys: "[", action: "previous-page", label: "Previous wiki page" },
  { keys: "]", action: "next-page", label: "Next wiki page" },
  { keys: "Esc", action: "stop-answer", label: "Stop the answer being written" },
  { keys: "?", action: "help", label: "Show these shortcuts" },
];

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The element the key was typed into. */
  target: { tagName?: string; isContentEditable?: boolean; type?: string } | null;
}

const TEXT_INPUTS = new Set(["INPUT", "TEXTAREA", "SELECT"]);
const NOT_TYPING = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color"]);

/** True when the key goes into a field being typed in (a shortcut must not take it). */
export function isTyping(target: KeyPress["target"]): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (!target.tagName || !TEXT_INPUTS.has(target.tagName)) return false;
  return !(target.tagName === "INPUT" && target.type && NOT_TYPING.has(target.type));
}

/**
 * The action of a key press, or null. Keys typed into a field are the user's, except
 * Escape, which types nothing and stops an answer even from the question box.
 */
export function shortcutOf(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.key === "Escape") return "stop-answer";
  if (isTyping(press.target)) return null;
  switch (press.key) {
    case "/":
      return "search";
    case "t":
      return "go-to-file";
    case "[":
      return "previous-page";
    case "]":
      return "next-page";
    case "?":
      return "help";
    default:
      return null;
  }
}
