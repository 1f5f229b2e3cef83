// How the fast lane's HTTP channel POSTs to an upstream: the raw HTTP/1.1 client (lib/http1-client.ts)
// for plain-http URLs — no thread hop per request, which is most of what the gateway adds to a call at
// one session — and fetch for https, for URLs with credentials, and when an HTTP proxy is configured
// (TLS, certificates, proxies stay fetch's job). Both give the
// channel the same small reply: status, headers, the body whole or as it arrives.
import { type AbortHandle, Http1Client } from "../../lib/http1-client.ts";

export type { AbortHandle };

export interface UpstreamReply {
  readonly status: number;
  readonly ok: boolean;
  header(name: string): string | null;
  text(): Promise<string>;
  /** The body as it arrives; resolves at its end. */
  stream(onText: (text: string) => void): Promise<void>;
  cancel(): void;
}

export interface UpstreamHttp {
  /** `handle.abort` gives the request up (its connection closes): for timed-out and cancelled calls. */
  post(headers: Record<string, string>, body: string, handle?: AbortHandle): Promise<UpstreamReply>;
  close(): void;
}

export function upstreamHttp(url: string, env: Record<string, string | undefined> = process.env): UpstreamHttp {
  const parsed = new URL(url);
  if (parsed.protocol === "http:" && !parsed.username && !parsed.password && !proxied(env)) {
    const client = new Http1Client(parsed);
    const path = `${parsed.pathname}${parsed.search}`;
    return {
      post: (headers, body, handle) => client.request({ method: "POST", path, headers, body }, handle),
      close: () => client.close(),
    };
  }
  return {
    post: async (headers, body, handle) => {
      const controller = handle ? new AbortController() : null;
      if (handle && controller) handle.abort = () => controller.abort();
      return new FetchReply(await fetch(url, { method: "POST", headers, body, signal: controller?.signal }));
    },
    close: () => {},
  };
}

/**
 * An outbound proxy is configured: fetch honours HTTP_PROXY / NO_PROXY (and credentials in the URL,
 * the other case left to it above); the raw client speaks to the upstream directly, so it steps aside.
 */
function proxied(env: Record<string, string | undefined>): boolean {
  return Boolean(env.HTTP_PROXY || env.http_proxy);
}

class FetchReply implements UpstreamReply {
  constructor(private readonly response: Response) {}

  get status(): number {
    return this.response.status;
  }

  get ok(): boolean {
    return this.response.ok;
  }

  header(name: string): string | null {
    return this.response.headers.get(name);
  }

  text(): Promise<string> {
    return this.response.text();
  }

  async stream(onText: (text: string) => void): Promise<void> {
    const body = this.response.body;
    if (!body) return;
    const reader = body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onText(decoder.decode(value, { stream: true }));
    }
    const rest = decoder.decode();
    if (rest) onText(rest);
  }

  cancel(): void {
    void this.response.body?.cancel().catch(() => {});
  }
}
