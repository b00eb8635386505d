/**
 * The annotate page's keys, as in Prodigy: one table the key handler and the on-screen key map
 * both read, so what is shown is what works.
 */

export type AnswerAction = 'accept' | 'reject' | 'ignore';

export type KeyAction =
  | { kind: 'answer'; answer: AnswerAction }
  | { kind: 'undo' }
  | { kind: 'submit' }
  | { kind: 'help' }
  | { kind: 'close' }
  /** `1`–`9` then `0`: the n-th label or option, counted from 0. */
  | { kind: 'label'; index: number }
  /** Manual NER: move the token cursor (with shift: grow the selection). */
  | { kind: 'cursor'; step: -1 | 1; extend: boolean };

export interface KeyBinding {
  keys: string;
  does: string;
}

/** What the key map dialog lists, in this order. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { keys: 'a', does: 'Accept' },
  { keys: 'x', does: 'Reject' },
  { keys: 'Space', does: 'Ignore' },
  { keys: 'Backspace', does: 'Undo the last answer' },
  { keys: '1–9, 0', does: 'Pick a label or option' },
  { keys: 'Enter', does: 'Submit a manual task (as accept)' },
  { keys: '← →', does: 'Move between tokens (manual NER)' },
  { keys: 'Shift + ← →', does: 'Select tokens (manual NER); then a number labels them' },
  { keys: '?', does: 'Show or hide this key map' },
];

/** The parts of a keyboard event the key map reads (a DOM `KeyboardEvent` has them all). */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** True where typing belongs to a field: keys are the field's, not the page's. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const element = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  if (element.isContentEditable) return true;
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  // Checkboxes and radios take no text: the page's keys still work on them.
  return element.type !== 'checkbox' && element.type !== 'radio';
}

function isPressable(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; type?: string } | null;
  const tag = element?.tagName?.toUpperCase();
  if (tag === 'INPUT') return element?.type === 'checkbox' || element?.type === 'radio';
  return tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY';
}

/**
 * The action of a key press, or null when the page should leave the key alone: while a text
 * field has focus, with a modifier held (browser shortcuts), or for keys that mean nothing here.
 */
export function keyAction(press: KeyPress): KeyAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (isTypingTarget(press.target)) return null;
  // On a focused button, link or checkbox, Enter and Space press it, as everywhere else on the web.
  if ((press.key === 'Enter' || press.key === ' ') && isPressable(press.target)) return null;
  switch (press.key) {
    case 'a':
      return { kind: 'answer', answer: 'accept' };
    case 'x':
      return { kind: 'answer', answer: 'reject' };
    case ' ':
      return { kind: 'answer', answer: 'ignore' };
    case 'Backspace':
      return { kind: 'undo' };
    case 'Enter':
      return { kind: 'submit' };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'close' };
    case 'ArrowLeft':
      return { kind: 'cursor', step: -1, extend: press.shiftKey };
    case 'ArrowRight':
      return { kind: 'cursor', step: 1, extend: press.shiftKey };
  }
  const index = labelIndex(press.key);
  return index === null ? null : { kind: 'label', index };
}

/** `1` is the first label, `9` the ninth, `0` the tenth. */
export function labelIndex(key: string): number | null {
  if (key.length !== 1 || key < '0' || key > '9') return null;
  return key === '0' ? 9 : Number(key) - 1;
}

/** The key shown beside the n-th label (from 0), or null past the tenth. */
export function labelKey(index: number): string | null {
  if (index < 0 || index > 9) return null;
  return index === 9 ? '0' : String(index + 1);
}
