import net from 'node:net';

/** Cut before the statement reaches the server (it never runs), or after the server answered it (it ran; the client never hears). */
export type CutMode = 'before-send' | 'after-reply';

// ReadyForQuery: 'Z', length 5. Sent after the implicit transaction of a statement committed.
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

/**
 * A TCP relay between a client and the real PostgreSQL server that can cut the connection
 * carrying a chosen statement at a chosen moment: a dropped connection on demand, while the
 * database stays real. New connections are relayed as before.
 */
export class TcpRelay {
  private armed: { marker: Buffer; mode: CutMode } | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** How many connections were cut. */
  cuts = 0;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpRelay> {
    let relay: TcpRelay | undefined;
    const server = net.createServer((client) => relay?.relay(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    relay = new TcpRelay(server, (server.address() as net.AddressInfo).port);
    return relay;
  }

  /** The next connection that sends `statement` (a substring of its SQL text) is cut as `mode` says. */
  cutNext(statement: string, mode: CutMode): void {
    this.armed = { marker: Buffer.from(statement), mode };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket, target: { host: string; port: number }): void {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cut = () => {
      this.cuts += 1;
      client.destroy();
      upstream.destroy();
    };
    let cutAfterReply = false;
    let reply = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      const armed = this.armed;
      if (armed && chunk.includes(armed.marker)) {
        this.armed = undefined;
        if (armed.mode === 'before-send') return cut();
        cutAfterReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutAfterReply) {
        client.write(chunk);
        return;
      }
      // Held back until the server says the statement's transaction is over, then dropped.
      reply = Buffer.concat([reply, chunk]);
      if (reply.includes(READY_FOR_QUERY)) cut();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}
