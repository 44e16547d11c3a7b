// Serves one PGlite database over the Postgres wire protocol to many client connections without
// mixing their statements. PGlite is a single backend session, so the connections take turns.
// The unit of a turn is a batch: everything a client sends up to a Sync or a simple Query, run as
// one exclusive step. (Interleaving single messages, as @electric-sql/pglite-socket does, lets one
// connection's Parse replace another's unnamed statement between its Parse and Bind: "unnamed
// prepared statement does not exist", or rows from the wrong query.) While a batch leaves a
// transaction open, only that connection's batches run until it ends; a client that disconnects
// mid-transaction is rolled back. A failure inside PGlite closes that client, never the queue.
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
/** A Sync message: brings the session back to ReadyForQuery after a client vanished mid-batch. */
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

class Connection {
  buffer = Buffer.alloc(0);
  /** Messages received since the last batch boundary. */
  pending: Buffer[] = [];
  started = false;
  closed = false;
  readonly socket: net.Socket;
  constructor(socket: net.Socket) {
    this.socket = socket;
  }
}

interface Batch {
  conn: Connection;
  bytes: Uint8Array;
  /** Ended with Flush: the client waits for answers mid-batch, so its turn is not over. */
  partial: boolean;
}

export class PGliteServer {
  private readonly db: PGlite;
  private readonly connections = new Set<Connection>();
  private readonly queue: Batch[] = [];
  /** The connection whose transaction (or partial batch) is open: only it may run. */
  private owner: Connection | null = null;
  private pumping = false;
  private server: net.Server | undefined;

  constructor(db: PGlite) {
    this.db = db;
  }

  /** Listens on host:port (0 = any free port); resolves with the port. */
  async listen(host: string, port: number): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: net.Socket): void {
    const conn = new Connection(socket);
    this.connections.add(conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(conn, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.disconnect(conn));
  }

  private receive(conn: Connection, chunk: Buffer): void {
    conn.buffer = Buffer.concat([conn.buffer, chunk]);
    for (;;) {
      if (!conn.started) {
        // Start-up messages have no type byte: int32 length, int32 code.
        if (conn.buffer.length < 8) return;
        const length = conn.buffer.readInt32BE(0);
        if (conn.buffer.length < length) return;
        const message = conn.buffer.subarray(0, length);
        conn.buffer = conn.buffer.subarray(length);
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          conn.socket.write('N'); // no encryption on loopback; the client goes on in clear
        } else if (code === PROTOCOL_3) {
          conn.started = true;
          this.enqueue({ conn, bytes: Uint8Array.from(message), partial: false });
        } else {
          conn.socket.destroy(); // cancel requests (80877102) and unknown protocols are not supported
          return;
        }
        continue;
      }
      if (conn.buffer.length < 5) return;
      const length = 1 + conn.buffer.readInt32BE(1);
      if (conn.buffer.length < length) return;
      const message = conn.buffer.subarray(0, length);
      conn.buffer = conn.buffer.subarray(length);
      const type = String.fromCharCode(message[0]!);
      if (type === 'X') {
        conn.socket.end(); // Terminate: the close handler cleans up
        return;
      }
      conn.pending.push(message);
      if (type === 'S' || type === 'Q' || type === 'H') {
        this.enqueue({ conn, bytes: Uint8Array.from(Buffer.concat(conn.pending)), partial: type === 'H' });
        conn.pending = [];
      }
    }
  }

  private enqueue(batch: Batch): void {
    this.queue.push(batch);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((b) => b.conn === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) return;
        const batch = this.queue.splice(index, 1)[0]!;
        if (batch.conn.closed) continue;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(batch.bytes, {
              onRawData: (data) => {
                if (!batch.conn.closed) batch.conn.socket.write(data);
              },
            }),
          );
          this.owner = batch.partial || this.db.isInTransaction() ? batch.conn : null;
        } catch {
          batch.conn.socket.destroy();
          await this.release(batch.conn);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async disconnect(conn: Connection): Promise<void> {
    if (conn.closed) return;
    conn.closed = true;
    this.connections.delete(conn);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i]!.conn === conn) this.queue.splice(i, 1);
    await this.release(conn);
    void this.pump();
  }

  /** If `conn` held the session, end what it left open so the others can go on. */
  private async release(conn: Connection): Promise<void> {
    if (this.owner !== conn) return;
    this.owner = null;
    await this.db
      .runExclusive(async () => {
        await this.db.execProtocolRaw(SYNC);
        if (this.db.isInTransaction()) await this.db.execProtocolRaw(simpleQuery('ROLLBACK'));
      })
      .catch(() => {});
  }
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return Uint8Array.from(message);
}
