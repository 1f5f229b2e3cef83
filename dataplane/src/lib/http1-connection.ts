// One keep-alive connection of the raw HTTP/1.1 client (http1-client.ts): writes one request at a time
// (finishing partial writes on drain) and parses its response — head, then a Content-Length, chunked
// or read-until-close body — into an Http1Reply.
import type { Socket } from "bun";
import { Http1Reply } from "./http1-reply.ts";

/** One request and whoever waits for its reply's head. */
export interface Exchange {
  method: string;
  /** Head and body, as written to the socket. */
  data: string;
  resolve: (reply: Http1Reply) => void;
  reject: (error: Error) => void;
  /** Already sent once on a reused connection that closed unanswered. */
  retried: boolean;
  /** The connection it was last started on (abort checks it still serves this exchange). */
  at: Http1Connection | null;
}

export interface ConnectionOwner {
  released(connection: Http1Connection): void;
  closed(connection: Http1Connection, unsent: Exchange | null): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
/**
 * A reused connection that closes unanswered is retried only this soon after the request was written.
 * The keep-alive race (the server closed the idle connection as we wrote) shows within a round trip;
 * a close later means the server had the request all along — it may have run it (a tool call with side
 * effects, a JSON-mode server that answers only at the end), and sending it again would run it twice.
 */
const RETRY_WINDOW_MS = 250;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

type Phase = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "until-close";

export class Http1Connection {
  private socket: Socket<Http1Connection> | null = null;
  private exchange: Exchange | null = null;
  private reply: Http1Reply | null = null;
  /** Bytes of the current exchange's response seen so far (0: the server has not answered yet). */
  private seen = 0;
  private reused = false;
  /** When the current exchange was started (written, on a reused connection). */
  private startedAt = 0;
  private buffer: Buffer | null = null;
  private phase: Phase = "head";
  private remaining = 0;
  private keepAlive = true;
  private unwritten: Buffer | null = null;
  private dead = false;

  constructor(private readonly owner: ConnectionOwner) {}

  start(exchange: Exchange, reused: boolean): void {
    this.exchange = exchange;
    exchange.at = this;
    this.reply = null;
    this.seen = 0;
    this.reused = reused;
    this.startedAt = performance.now();
    this.phase = "head";
    this.keepAlive = true;
    if (this.socket) this.write(exchange.data);
  }

  opened(socket: Socket<Http1Connection>): void {
    this.socket = socket;
    socket.setNoDelay(true);
    if (this.dead) {
      socket.terminate();
      return;
    }
    if (this.exchange) this.write(this.exchange.data);
  }

  drained(): void {
    const rest = this.unwritten;
    if (!rest || !this.socket) return;
    this.unwritten = null;
    const written = this.socket.write(rest);
    if (written < rest.length) this.unwritten = rest.subarray(Math.max(written, 0));
  }

  received(bytes: Buffer): void {
    if (!this.exchange) {
      // Nothing was asked: a server talking out of turn is not one to keep a connection to.
      this.destroy(null);
      return;
    }
    this.seen += bytes.length;
    this.buffer = this.buffer && this.buffer.length > 0 ? Buffer.concat([this.buffer, bytes]) : bytes;
    try {
      this.parse();
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The server closed its side: a read-until-close body ends here; anything else is cut short. */
  ended(): void {
    this.lost(null);
  }

  /** The socket closed or failed (or never connected). */
  lost(error: Error | null | undefined): void {
    if (this.dead) return;
    this.dead = true;
    this.socket = null;
    const exchange = this.exchange;
    const reply = this.reply;
    this.exchange = null;
    this.reply = null;
    let unsent: Exchange | null = null;
    if (reply && this.phase === "until-close") {
      reply.end();
    } else if (reply) {
      reply.fail(closedError(error));
    } else if (exchange) {
      const race = performance.now() - this.startedAt < RETRY_WINDOW_MS;
      if (this.reused && this.seen === 0 && !exchange.retried && race) {
        exchange.retried = true;
        unsent = exchange;
      } else {
        exchange.reject(closedError(error));
      }
    }
    this.owner.closed(this, unsent);
  }

  /** True while `exchange` is the one this connection writes or reads (its body included). */
  serves(exchange: Exchange): boolean {
    return this.exchange === exchange && !this.dead;
  }

  /** Closes the socket; an exchange in flight fails with `error` (none: it was given up on). */
  destroy(error: Error | null): void {
    if (this.dead) return;
    const socket = this.socket;
    if (error) {
      this.reply?.fail(error);
      if (!this.reply) this.exchange?.reject(error);
    }
    this.reply = null;
    this.exchange = null;
    this.lost(null);
    socket?.terminate();
  }

  private write(data: string): void {
    const socket = this.socket!;
    const written = socket.write(data);
    if (written < 0) return; // closed under us: `lost` follows
    // The kernel took only part of it (a large body): the rest goes out on drain.
    if (written < data.length || written < Buffer.byteLength(data))
      this.unwritten = Buffer.from(data).subarray(written);
  }

  private parse(): void {
    for (;;) {
      const buffer = this.buffer;
      if (!buffer || (buffer.length === 0 && this.phase !== "trailers")) return;
      switch (this.phase) {
        case "head": {
          const end = buffer.indexOf(HEAD_END);
          if (end < 0) {
            if (buffer.length > MAX_HEAD_BYTES) throw new Error("the upstream's response head is too large");
            return;
          }
          this.buffer = buffer.subarray(end + 4);
          this.head(buffer.toString("latin1", 0, end));
          break;
        }
        case "length": {
          const take = Math.min(this.remaining, buffer.length);
          this.reply!.push(buffer.subarray(0, take));
          this.buffer = buffer.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) this.finish();
          break;
        }
        case "chunk-size": {
          const end = buffer.indexOf(CRLF);
          if (end < 0) return;
          const size = Number.parseInt(buffer.toString("latin1", 0, end).split(";")[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) throw new Error("the upstream sent a malformed chunk");
          this.buffer = buffer.subarray(end + 2);
          if (size === 0) this.phase = "trailers";
          else {
            this.remaining = size;
            this.phase = "chunk-data";
          }
          break;
        }
        case "chunk-data": {
          const take = Math.min(this.remaining, buffer.length);
          this.reply!.push(buffer.subarray(0, take));
          this.buffer = buffer.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) this.phase = "chunk-end";
          break;
        }
        case "chunk-end": {
          if (buffer.length < 2) return;
          this.buffer = buffer.subarray(2);
          this.phase = "chunk-size";
          break;
        }
        case "trailers": {
          const end = buffer.indexOf(CRLF);
          if (end < 0) return;
          this.buffer = buffer.subarray(end + 2);
          if (end === 0) this.finish();
          break;
        }
        case "until-close": {
          this.reply!.push(buffer);
          this.buffer = null;
          return;
        }
      }
      if (!this.exchange) return; // finished (or destroyed) above
    }
  }

  private head(text: string): void {
    const lines = text.split("\r\n");
    const status = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]!);
    if (!status) throw new Error(`the upstream did not answer HTTP/1.x: ${JSON.stringify(lines[0]!.slice(0, 60))}`);
    const code = Number(status[2]);
    if (code >= 100 && code < 200) return; // 100 Continue, 103 Early Hints: the real head follows
    const reply = new Http1Reply(code, () => this.destroy(null));
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const previous = reply.headers.get(name);
      reply.headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
    }
    const connection = reply.headers.get("connection")?.toLowerCase();
    this.keepAlive = status[1] === "1" ? connection !== "close" : connection === "keep-alive";
    this.reply = reply;
    const length = reply.headers.get("content-length");
    if (this.exchange!.method === "HEAD" || code === 204 || code === 304) {
      this.phase = "length";
      this.remaining = 0;
    } else if (reply.headers.get("transfer-encoding")?.toLowerCase().includes("chunked")) {
      this.phase = "chunk-size";
    } else if (length !== undefined) {
      const bytes = Number(length);
      if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error("the upstream sent a malformed Content-Length");
      this.phase = "length";
      this.remaining = bytes;
    } else {
      this.phase = "until-close";
      this.keepAlive = false;
    }
    this.exchange!.resolve(reply);
    if (this.phase === "length" && this.remaining === 0) this.finish();
  }

  /** The response is complete: the connection goes back to the client, or closes. */
  private finish(): void {
    const reply = this.reply!;
    const leftover = this.buffer !== null && this.buffer.length > 0;
    this.reply = null;
    this.exchange = null;
    this.buffer = null;
    reply.end();
    // Bytes after a complete response were never asked for (no pipelining): not a connection to trust.
    if (!this.keepAlive || leftover) this.destroy(null);
    else this.owner.released(this);
  }
}

function closedError(error: Error | null | undefined): Error {
  if (!error) return new Error("the upstream closed the connection before answering");
  // Bun's socket errors say "Failed to connect"; the code (ECONNREFUSED, ETIMEDOUT, …) is what helps.
  const code = (error as { code?: unknown }).code;
  if (code === "ECONNREFUSED") return new Error("connection refused (ECONNREFUSED)");
  return new Error(`connection failed: ${error.message}${typeof code === "string" ? ` (${code})` : ""}`);
}
