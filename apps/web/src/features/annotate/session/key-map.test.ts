import { describe, expect, it } from 'vitest';
import { isTypingTarget, keyAction, labelIndex, labelKey, type KeyPress } from './key-map';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' } as unknown as EventTarget,
  ...extra,
});

describe('the annotate key map', () => {
  it("answers with Prodigy's keys", () => {
    expect(keyAction(press('a'))).toEqual({ kind: 'answer', answer: 'accept' });
    expect(keyAction(press('x'))).toEqual({ kind: 'answer', answer: 'reject' });
    expect(keyAction(press(' '))).toEqual({ kind: 'answer', answer: 'ignore' });
    expect(keyAction(press('Backspace'))).toEqual({ kind: 'undo' });
    expect(keyAction(press('Enter'))).toEqual({ kind: 'submit' });
    expect(keyAction(press('?'))).toEqual({ kind: 'help' });
  });

  it('numbers pick labels 1 to 10, with 0 as the tenth, and never shadow the answer keys', () => {
    expect(keyAction(press('1'))).toEqual({ kind: 'label', index: 0 });
    expect(keyAction(press('9'))).toEqual({ kind: 'label', index: 8 });
    expect(keyAction(press('0'))).toEqual({ kind: 'label', index: 9 });
    for (let i = 0; i < 10; i++) expect(labelIndex(labelKey(i)!)).toBe(i);
    expect(labelKey(10)).toBeNull();
    const answerKeys = ['a', 'x', ' ', 'Backspace', 'Enter', '?'];
    for (const key of answerKeys) expect(keyAction(press(key))?.kind).not.toBe('label');
  });

  it('does nothing while a text field has focus, or with a modifier held', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) {
      const target = { tagName, type: 'text' } as unknown as EventTarget;
      expect(keyAction(press('a', { target }))).toBeNull();
      expect(keyAction(press('Backspace', { target }))).toBeNull();
    }
    const editable = { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget;
    expect(keyAction(press('x', { target: editable }))).toBeNull();
    expect(keyAction(press('a', { ctrlKey: true }))).toBeNull();
    expect(keyAction(press('1', { metaKey: true }))).toBeNull();
    expect(keyAction(press('x', { altKey: true }))).toBeNull();
  });

  it('keeps working on a focused checkbox, which takes no text', () => {
    const checkbox = { tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget;
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(keyAction(press('a', { target: checkbox }))).toEqual({
      kind: 'answer',
      answer: 'accept',
    });
    expect(keyAction(press(' ', { target: checkbox }))).toBeNull();
  });

  it('leaves Enter and Space to a focused button or link', () => {
    for (const tagName of ['BUTTON', 'A']) {
      const target = { tagName } as unknown as EventTarget;
      expect(keyAction(press('Enter', { target }))).toBeNull();
      expect(keyAction(press(' ', { target }))).toBeNull();
      expect(keyAction(press('a', { target }))).toEqual({ kind: 'answer', answer: 'accept' });
    }
  });

  it('moves and extends the token cursor with the arrows', () => {
    expect(keyAction(press('ArrowRight'))).toEqual({ kind: 'cursor', step: 1, extend: false });
    expect(keyAction(press('ArrowLeft', { shiftKey: true }))).toEqual({
      kind: 'cursor',
      step: -1,
      extend: true,
    });
    expect(keyAction(press('q'))).toBeNull();
  });
});
