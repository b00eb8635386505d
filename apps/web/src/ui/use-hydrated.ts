import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server-rendered HTML and until React has hydrated the page, true after: forms stay
 * disabled until then, since typing would be reset and a click would submit natively.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
