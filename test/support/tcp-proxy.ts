// A TCP proxy the test owns, in front of one real server, that can be cut to simulate an outage:
// `cut()` destroys every proxied connection and then resets (or, with 'blackhole', silently holds)
// new ones until `restore()`; `dropResponses()` lets requests through but swallows the answers (a
// write that happened but whose ack was lost). proxySocketFactory routes every kafkajs connection
// through proxies: Kafka clients connect to the addresses the broker advertises, not only bootstrap.
import net from 'node:net';
import type { ISocketFactory } from 'kafkajs';

export type CutMode = 'reset' | 'blackhole';

export class TcpProxy {
  readonly upstream: { host: string; port: number };
  /** Connections forwarded to the upstream since start. */
  forwarded = 0;
  /** Connections turned away (reset or held) while cut. */
  turnedAway = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'open' | 'drop-responses' | CutMode = 'open';

  private constructor(upstream: { host: string; port: number }) {
    this.upstream = upstream;
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(host: string, port: number): Promise<TcpProxy> {
    const proxy = new TcpProxy({ host, port });
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Drops every live connection at once and turns new ones away until restore(). */
  cut(mode: CutMode = 'reset'): void {
    this.mode = mode;
    this.destroyAll();
  }

  /** Live connections keep carrying requests upstream, but nothing comes back; new ones are reset. */
  dropResponses(): void {
    this.mode = 'drop-responses';
  }

  /** Lets connections through again; held (blackholed) ones are dropped so clients reconnect. */
  restore(): void {
    this.mode = 'open';
    this.destroyAll();
  }

  async close(): Promise<void> {
    this.mode = 'reset';
    this.destroyAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.track(client);
    client.on('error', () => client.destroy());
    if (this.mode === 'reset' || this.mode === 'drop-responses') {
      this.turnedAway++;
      // An RST, as from a host whose server process is gone.
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'blackhole') {
      // Accepted but never answered, as across a network partition: the client waits for its timeouts.
      this.turnedAway++;
      client.pause();
      return;
    }
    this.forwarded++;
    const upstream = net.connect(this.upstream);
    this.track(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (this.mode !== 'drop-responses') client.write(chunk);
    });
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** One proxy per broker address; close them all with closeProxies. */
export async function startProxies(addresses: string[]): Promise<Map<string, TcpProxy>> {
  const proxies = new Map<string, TcpProxy>();
  for (const address of new Set(addresses)) {
    const [host, port] = splitAddress(address);
    proxies.set(address, await TcpProxy.start(host, port));
  }
  return proxies;
}

export async function closeProxies(proxies: Map<string, TcpProxy> | undefined): Promise<void> {
  await Promise.all([...(proxies?.values() ?? [])].map((p) => p.close()));
}

/**
 * A kafkajs socketFactory that sends every connection (bootstrap and advertised brokers alike) to
 * the proxy for that address. An address without a proxy fails the connection rather than
 * bypassing the proxy, so a cut can never be silently routed around.
 */
export function proxySocketFactory(proxies: Map<string, TcpProxy>): ISocketFactory {
  return ({ host, port, onConnect }) => {
    const proxy = proxies.get(`${host}:${port}`);
    if (!proxy) {
      const socket = new net.Socket();
      process.nextTick(() => socket.destroy(new Error(`no proxy for broker ${host}:${port}`)));
      return socket;
    }
    const socket = net.connect({ host: '127.0.0.1', port: proxy.port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  };
}

function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}
