/** macOS uses ⌘ where Linux and Windows use Ctrl. */
export const IS_MAC = /Macintosh|Mac OS X/.test(navigator.userAgent);

/** True when a keydown is Ctrl/⌘ + `key` and nothing else held. */
export function isShortcut(event: KeyboardEvent, key: string): boolean {
  const mod = IS_MAC ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && !event.altKey && !event.shiftKey && event.key === key;
}

/** The shortcut as aria-keyshortcuts spells it (`Control+3`), and as a person reads it (`Ctrl+3`). */
export function shortcutNames(key: string): { aria: string; shown: string } {
  return IS_MAC ? { aria: `Meta+${key}`, shown: `⌘${key}` } : { aria: `Control+${key}`, shown: `Ctrl+${key}` };
}
