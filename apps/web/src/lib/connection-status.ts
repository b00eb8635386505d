/**
 * Whether the realtime socket is up, as a tiny external store (`useSyncExternalStore`), so the
 * annotate page can say "offline" without knowing about the GraphQL client's internals.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

type Listener = () => void;

function createConnectionStatus() {
  let state: ConnectionState = 'connecting';
  const listeners = new Set<Listener>();
  return {
    get: (): ConnectionState => state,
    set(next: ConnectionState) {
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const connectionStatus = createConnectionStatus();
