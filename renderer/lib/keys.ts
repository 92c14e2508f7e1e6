// Keyboard helpers shared by the panes: tab lists (WAI-ARIA tabs pattern: one tab stop, arrows move between
// tabs and select them) and the rule for single-letter shortcuts (never while typing in a field).

import type { KeyboardEvent } from 'react';

/** ←/→ (and Home/End) in a tab list select the previous/next tab and move the focus to it. */
export function onTabListKey<T extends string>(e: KeyboardEvent<HTMLElement>, tabs: readonly T[], current: T, choose: (t: T) => void): void {
  const k = tabs.indexOf(current);
  let next: number;
  switch (e.key) {
    case 'ArrowRight': next = (k + 1) % tabs.length; break;
    case 'ArrowLeft': next = (k - 1 + tabs.length) % tabs.length; break;
    case 'Home': next = 0; break;
    case 'End': next = tabs.length - 1; break;
    default: return;
  }
  e.preventDefault();
  const tab = e.currentTarget.querySelectorAll<HTMLElement>('[role=tab]')[next];
  choose(tabs[next]);
  tab?.focus();
  // A pane that renders its tab list anew (lanes, plots) replaces the element: focus the new one.
  const id = tab?.id;
  if (id) {
    requestAnimationFrame(() => {
      const now = document.getElementById(id);
      if (now && document.activeElement !== now) now.focus();
    });
  }
}

/** True when a key press goes to a text field (input, textarea, Monaco, contenteditable): no shortcuts then. */
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest('.monaco-editor');
}

/** Moves the focus to the message list (Escape in the detail pane). */
export function focusList(): void {
  document.querySelector<HTMLElement>('[role=grid][aria-label=Messages]')?.focus();
}

/**
 * The message a navigation key selects in a pane that lists messages one after another (the list, the
 * lanes): ↑/↓ one, PageUp/PageDown `pageRows`, Home/End the ends; clamped to the view. Undefined for
 * other keys.
 */
export function navigationTarget(key: string, current: number, pageRows: number, count: number): number | undefined {
  let next: number;
  switch (key) {
    case 'ArrowDown': next = current + 1; break;
    case 'ArrowUp': next = current - 1; break;
    case 'PageDown': next = current + pageRows; break;
    case 'PageUp': next = current - pageRows; break;
    case 'Home': next = 0; break;
    case 'End': next = count - 1; break;
    default: return undefined;
  }
  return Math.max(0, Math.min(count - 1, next));
}
