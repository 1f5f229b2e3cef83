// A channel over the transport of the SDK Client the slow path already holds (stdio: the same child
// process, no second one). Requests are written straight to the transport with ids from a range the
// SDK Client never reaches; their responses are taken off the transport before the Client's protocol
// layer sees them. Everything else (server→client requests, notifications, reconnects with backoff)
// stays with the SDK Client, exactly as on the slow path.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { toRpcError } from "../../lib/app-error.ts";
import { errorMessage } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";
import { type ChannelCall, REQUEST_CANCELLED, type UpstreamChannel } from "./channel.ts";
import { isResponse, type RpcMessage, type RpcResponse, timeoutError, unavailableError, upstreamError } from "./rpc.ts";

/** The SDK Client numbers its requests from 0 up; ours start far above anything it will reach. */
const ID_BASE = 2 ** 40;

interface Pending {
  method: string;
  transport: Transport;
  resolve: (response: RpcResponse) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class SdkChannel implements UpstreamChannel {
  private nextId = ID_BASE;
  private readonly pending = new Map<number, Pending>();
  private readonly hooked = new WeakSet<Transport>();

  /** `connection` is asked on every call: the pool replaces it when the server row changes. */
  constructor(
    readonly config: ServerConfig,
    private readonly connection: () => UpstreamConnection,
  ) {}

  async call(call: ChannelCall): Promise<RpcResponse> {
    const config = this.config;
    let transport: Transport | undefined;
    try {
      transport = (await this.connection().getClient()).transport;
    } catch (error) {
      const rpc = toRpcError(error);
      return fail(
        rpc.data === undefined
          ? { code: rpc.code, message: rpc.message }
          : { code: rpc.code, message: rpc.message, data: rpc.data },
      );
    }
    if (!transport) return fail(unavailableError(config, "the connection closed"));
    this.hook(transport);
    const id = ++this.nextId;
    const { method } = call;
    return new Promise<RpcResponse>((resolve) => {
      const timer = setTimeout(() => {
        this.settle(id, fail(timeoutError(config, method)));
        this.notifyCancelled(transport, id, "timeout");
      }, config.timeoutMs);
      this.pending.set(id, { method, transport, resolve, timer });
      if (call.cancellation) {
        call.cancellation.cancel = (reason) => {
          if (!this.pending.has(id)) return;
          this.settle(id, fail({ code: REQUEST_CANCELLED, message: "Request cancelled" }));
          this.notifyCancelled(transport, id, reason);
        };
      }
      transport
        .send({ jsonrpc: "2.0", id, method, params: call.params })
        .catch((error) => this.settle(id, fail(unavailableError(config, `${method} failed: ${errorMessage(error)}`))));
    });
  }

  async close(): Promise<void> {
    for (const [id, pending] of this.pending) {
      this.settle(id, fail(unavailableError(this.config, `the connection closed during ${pending.method}`)));
    }
  }

  /** Takes our responses off the transport; fails our calls when it closes. Once per transport. */
  private hook(transport: Transport): void {
    if (this.hooked.has(transport)) return;
    this.hooked.add(transport);
    const onmessage = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const id = (message as RpcMessage).id;
      if (typeof id === "number" && id > ID_BASE && isResponse(message as RpcMessage)) {
        const response = message as RpcResponse;
        this.settle(id, response.error === undefined ? response : fail(upstreamError(this.config, response.error)));
        return;
      }
      onmessage?.(message, extra);
    };
    const onclose = transport.onclose;
    transport.onclose = () => {
      for (const [id, pending] of this.pending) {
        if (pending.transport !== transport) continue;
        this.settle(id, fail(unavailableError(this.config, `the connection closed during ${pending.method}`)));
      }
      onclose?.();
    };
  }

  private settle(id: number, response: RpcResponse): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  private notifyCancelled(transport: Transport, requestId: number, reason: string): void {
    void transport
      .send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, reason } })
      .catch(() => {});
  }
}

function fail(error: RpcResponse["error"]): RpcResponse {
  return { jsonrpc: "2.0", id: null, error };
}
