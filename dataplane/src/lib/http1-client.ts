// A small HTTP/1.1 client over Bun.connect, for the fast lane's hop to plain-http Streamable HTTP
// upstreams. Why not fetch: Bun's fetch runs on its own HTTP thread, so every request crosses threads
// twice; a socket on the event loop does not. Measured against a local Bun.serve, one request at a
// time: p50 75–92 µs vs 121 µs, client CPU 31–42 µs vs 75–77 µs per request (bench/README.md).
//
// What it does: keep-alive connections per origin (at most `maxConnections`, then requests wait),
// Content-Length, chunked and read-until-close bodies, 1xx heads skipped, `Connection: close`
// honoured, partial writes finished on drain. One retry, on a new connection, when a reused
// keep-alive connection closes before a single byte of the response arrived and right after the write
// (the server closed it as we wrote: the request was never read; a later close is an error, as the
// server may have run the request). What it does not do: TLS, proxies, redirects,
// pipelining, compression — callers use fetch for https URLs (see http-channel.ts).
import type { Socket } from "bun";
import { type Exchange, Http1Connection } from "./http1-connection.ts";
import { Http1Reply } from "./http1-reply.ts";

export interface Http1Request {
  method: string;
  /** Path and query, e.g. "/mcp". */
  path: string;
  /** Lower-case names; host and content-length are added. */
  headers: Record<string, string>;
  body?: string;
}

export { Http1Reply };

/** Filled in by request(): aborting closes the request's connection (or takes it out of the queue). */
export interface AbortHandle {
  abort: (() => void) | null;
}

const DEFAULT_MAX_CONNECTIONS = 128;
const HEADER_SAFE = /^[^\r\n\0]*$/;

export class Http1Client {
  private readonly idle: Http1Connection[] = [];
  private readonly all = new Set<Http1Connection>();
  private readonly waiting: Exchange[] = [];
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private closed = false;

  constructor(
    url: URL,
    private readonly maxConnections = DEFAULT_MAX_CONNECTIONS,
  ) {
    if (url.protocol !== "http:") throw new Error(`Http1Client speaks plain http only, not ${url.protocol}`);
    this.host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    this.port = url.port ? Number(url.port) : 80;
    this.hostHeader = url.host;
  }

  /**
   * Resolves with the reply once its head has arrived; its body follows (Http1Reply.text/stream).
   * `handle.abort` then gives up on it: a connection still busy with it is closed, not reused, so a
   * hung upstream cannot keep connections forever.
   */
  request(request: Http1Request, handle?: AbortHandle): Promise<Http1Reply> {
    if (this.closed) return Promise.reject(new Error("the HTTP client was closed"));
    let head: string;
    try {
      head = this.head(request);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<Http1Reply>((resolve, reject) => {
      const exchange: Exchange = {
        method: request.method,
        data: request.body ? head + request.body : head,
        resolve,
        reject,
        retried: false,
        at: null,
      };
      if (handle) handle.abort = () => this.abort(exchange);
      this.dispatch(exchange);
    });
  }

  /** Closes every connection; requests in flight fail. */
  close(): void {
    this.closed = true;
    for (const exchange of this.waiting.splice(0)) exchange.reject(new Error("the HTTP client was closed"));
    for (const connection of [...this.all]) connection.destroy(new Error("the HTTP client was closed"));
    this.idle.length = 0;
  }

  /** Connections open now (idle or busy); for tests and diagnostics. */
  get connections(): number {
    return this.all.size;
  }

  private head(request: Http1Request): string {
    let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const name in request.headers) {
      const value = request.headers[name]!;
      // A CR or LF in a configured header would let it smuggle a second request; fetch refuses too.
      if (!HEADER_SAFE.test(name) || !HEADER_SAFE.test(value) || name.includes(":")) {
        throw new Error(`invalid HTTP header ${JSON.stringify(name)}`);
      }
      if (name === "host" || name === "content-length" || name === "transfer-encoding") continue;
      head += `${name}: ${value}\r\n`;
    }
    const length = request.body ? Buffer.byteLength(request.body) : 0;
    if (request.body !== undefined || request.method === "POST" || request.method === "PUT") {
      head += `content-length: ${length}\r\n`;
    }
    return `${head}\r\n`;
  }

  private abort(exchange: Exchange): void {
    const queued = this.waiting.indexOf(exchange);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      exchange.reject(new Error("the request was aborted"));
    } else if (exchange.at?.serves(exchange)) {
      exchange.at.destroy(new Error("the request was aborted"));
    }
  }

  private dispatch(exchange: Exchange): void {
    const connection = this.idle.pop();
    if (connection) {
      connection.start(exchange, true);
      return;
    }
    if (this.all.size >= this.maxConnections) {
      this.waiting.push(exchange);
      return;
    }
    this.open(exchange);
  }

  private open(exchange: Exchange): void {
    const connection = new Http1Connection({
      released: (done) => this.released(done),
      closed: (done, unsent) => this.closedConnection(done, unsent),
    });
    this.all.add(connection);
    Bun.connect<Http1Connection>({
      hostname: this.host,
      port: this.port,
      data: connection,
      socket: {
        binaryType: "buffer",
        open: (socket: Socket<Http1Connection>) => socket.data.opened(socket),
        data: (socket: Socket<Http1Connection>, bytes: Buffer) => socket.data.received(bytes),
        drain: (socket: Socket<Http1Connection>) => socket.data.drained(),
        end: (socket: Socket<Http1Connection>) => socket.data.ended(),
        close: (socket: Socket<Http1Connection>, error?: Error) => socket.data.lost(error),
        error: (socket: Socket<Http1Connection>, error: Error) => socket.data.lost(error),
        connectError: (socket: Socket<Http1Connection>, error: Error) => socket.data.lost(error),
      },
    }).catch((error: unknown) => connection.lost(error instanceof Error ? error : new Error(String(error))));
    connection.start(exchange, false);
  }

  /** A connection finished its exchange and may be reused. */
  private released(connection: Http1Connection): void {
    if (this.closed) {
      connection.destroy(null);
      return;
    }
    const next = this.waiting.shift();
    if (next) connection.start(next, true);
    else this.idle.push(connection);
  }

  /** A connection closed; `unsent` is an exchange it may hand back for one retry on a new connection. */
  private closedConnection(connection: Http1Connection, unsent: Exchange | null): void {
    this.all.delete(connection);
    const index = this.idle.indexOf(connection);
    if (index >= 0) this.idle.splice(index, 1);
    if (this.closed) {
      unsent?.reject(new Error("the HTTP client was closed"));
      return;
    }
    if (unsent) this.dispatch(unsent);
    const next = this.all.size < this.maxConnections ? this.waiting.shift() : undefined;
    if (next) this.open(next);
  }
}
