'use client';

import { useEffect } from 'react';

/**
 * Scrolls to the element the URL's `#fragment` names, and again whenever content above it
 * changes size (sections filling in from the API), until the user scrolls or three seconds have
 * passed. The browser scrolls once, at load, before client-rendered content exists.
 */
export function useScrollToHash(settleMs = 3000): void {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    let stop = false;
    const scroll = () => {
      const target = document.getElementById(id);
      if (!stop && target) target.scrollIntoView({ block: 'start' });
    };
    const observer = new ResizeObserver(scroll);
    observer.observe(document.body);
    const userScrolled = () => (stop = true);
    window.addEventListener('wheel', userScrolled, { passive: true });
    window.addEventListener('touchmove', userScrolled, { passive: true });
    window.addEventListener('keydown', userScrolled);
    const timer = setTimeout(() => (stop = true), settleMs);
    scroll();
    return () => {
      observer.disconnect();
      clearTimeout(timer);
      window.removeEventListener('wheel', userScrolled);
      window.removeEventListener('touchmove', userScrolled);
      window.removeEventListener('keydown', userScrolled);
    };
  }, [settleMs]);
}
