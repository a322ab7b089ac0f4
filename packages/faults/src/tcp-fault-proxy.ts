import { connect, createServer, type Socket } from 'node:net';

export interface TcpFaultProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  proxiedUrl(url: string): string;
  /** The server "goes away": open connections are reset and new ones are dropped at once. */
  cut(): void;
  /** The server is back: connections pass again. */
  restore(): void;
  /** Delays every chunk in both directions (0 to stop). */
  setLatency(ms: number): void;

  stop(): Promise<void>;
}

/**
 * A TCP proxy on a free loopback port in front of a real server. Faults happen on the
 * wire, so they work the same whatever provider started the server (a local process, a
 * container or an external server that we must not stop).
 */
export async function startTcpFaultProxy(target: { host: string; port: number }): Promise<TcpFaultProxy> {
  const open = new Set<Socket>();
  let cut = false;
  let latencyMs = 0;

  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      if (latencyMs === 0) to.write(chunk);
      else setTimeout(() => to.writable && to.write(chunk), latencyMs);
    });
    from.on('end', () => to.end());
    from.on('error', () => to.destroy());
    from.on('close', () => {
      open.delete(from);
      to.destroy();
    });
  };

  const server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    proxiedUrl: (url) => {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: () => {
      cut = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore: () => {
      cut = false;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },

    stop: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
