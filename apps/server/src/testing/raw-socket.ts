import { once } from 'node:events';
import WebSocket from 'ws';

/**
 * A graphql-ws connection spoken message by message, for tests about the protocol itself
 * (limits, timeouts, teardown) that a real client would hide.
 */
export class RawSocket {
  readonly messages: Record<string, unknown>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Record<string, unknown>);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = once(ws, 'close').then(([code, reason]) => ({
      code: code as number,
      reason: String(reason),
    }));
  }

  /** Opens a socket to `${baseUrl}/graphql`; `init` sends `connection_init` and awaits the ack. */
  static async open(
    baseUrl: string,
    { init = true, origin }: { init?: boolean; origin?: string } = {},
  ): Promise<RawSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
      origin,
    });
    await once(ws, 'open');
    const socket = new RawSocket(ws);
    if (init) {
      socket.send({ type: 'connection_init' });
      await socket.next((m) => m.type === 'connection_ack');
    }
    return socket;
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  /** The first message (already received or to come) that `matches`. */
  async next(matches: (message: Record<string, unknown>) => boolean) {
    for (;;) {
      const found = this.messages.find(matches);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): Promise<unknown> {
    this.ws.close();
    return this.closed;
  }
}
