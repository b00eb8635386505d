'use client';

import { useEffect, useRef } from 'react';
import { keyAction, type KeyAction } from './key-map';

/**
 * Listens for the annotate keys on the whole page and hands each action to `onAction`, which
 * returns true when it used the key (the browser's default is then prevented: space does not
 * scroll, backspace does not go back). Keys typed into a field never arrive here.
 */
export function usePageKeys(onAction: (action: KeyAction) => boolean): void {
  const handler = useRef(onAction);
  useEffect(() => {
    handler.current = onAction;
  }, [onAction]);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.repeat && event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const action = keyAction(event);
      if (action && handler.current(action)) event.preventDefault();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
