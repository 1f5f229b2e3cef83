// /…/rpc: JSON-RPC over plain HTTP, no session. POST /rpc answers one request (a notification gets
// 202 and no body); POST /rpc/batch answers an array element by element; GET /rpc/introspection lists
// the methods and the tools the caller may use. Every message goes through the same chain as sessions.
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import { AppError, jsonRpcErrorBody } from "../../lib/app-error.ts";
import { isJsonRpcCall } from "../../mcp/client-transports/plain-message.ts";
import { isModernRequest } from "../../mcp/client-transports/protocol-2026.ts";
import { STATELESS_METHODS, type StatelessDispatcher } from "../../mcp/stateless-dispatcher.ts";
import { isReadOnly } from "../auth/model.ts";
import { type Admission, Attempt, type Endpoint, type McpEdge } from "./edge.ts";

const MAX_BATCH = 100;

export class RpcHandler {
  constructor(
    private readonly edge: McpEdge,
    private readonly dispatcher: StatelessDispatcher,
  ) {}

  async single(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "rpc", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint, { readBody: true });
      const body = admission.body;
      if (Array.isArray(body)) {
        throw new AppError("BAD_REQUEST", "Invalid Request: send arrays to /rpc/batch; /rpc takes one request");
      }
      if (!isJsonRpcCall(body))
        throw new AppError("BAD_REQUEST", "Invalid Request: body is not a JSON-RPC 2.0 request");
      const response = await this.run(body, admission, request);
      return response ? Response.json(response) : new Response(null, { status: 202 });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }

  async batch(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "rpc", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint, { readBody: true });
      const body = admission.body;
      if (!Array.isArray(body)) throw new AppError("BAD_REQUEST", "Invalid Request: a batch must be a JSON array");
      if (body.length === 0) throw new AppError("BAD_REQUEST", "Invalid Request: empty batch");
      if (body.length > MAX_BATCH) {
        throw new AppError("BAD_REQUEST", `Invalid Request: a batch holds at most ${MAX_BATCH} messages`);
      }
      // Elements run concurrently; each is answered (or not, for notifications) on its own.
      const answers = await Promise.all(
        body.map((element: unknown) => {
          if (isJsonRpcCall(element)) return this.run(element, admission, request);
          const id = (element as { id?: unknown } | null)?.id;
          const replyId = typeof id === "string" || typeof id === "number" ? id : null;
          return jsonRpcErrorBody(-32600, "Invalid Request: not a JSON-RPC 2.0 request", replyId) as JSONRPCMessage;
        }),
      );
      const responses = answers.filter((answer): answer is JSONRPCMessage => answer !== null);
      return responses.length > 0 ? Response.json(responses) : new Response(null, { status: 202 });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }

  async introspection(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "rpc", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint);
      const tools = await this.listTools(admission, request);
      if (!Array.isArray(tools)) return Response.json({ error: tools.error }, { status: 502 });
      const readOnly = isReadOnly(admission.ctx.principal);
      const route = admission.route;
      return Response.json({
        endpoint: {
          org: route.orgSlug,
          namespace: route.namespaceSlug,
          server: route.singleServer?.name ?? null,
          virtualServer: route.virtual?.name ?? null,
        },
        methods: STATELESS_METHODS.filter((method) => !(readOnly && method === "tools/call")),
        tools: tools.map((tool) => ({ name: tool.name, description: tool.description ?? null })),
      });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }

  /** Every page of tools/list, through the chain like any list: policies hide what the caller may not call. */
  private async listTools(admission: Admission, request: Request) {
    const tools: Array<{ name: string; description?: string }> = [];
    let cursor: string | undefined;
    do {
      const listed = (await this.dispatcher.dispatch(
        { jsonrpc: "2.0", id: "introspection", method: "tools/list", ...(cursor ? { params: { cursor } } : {}) },
        admission.ctx,
        { transport: "rpc", era: "legacy", signal: request.signal },
      )) as { result?: { tools?: typeof tools; nextCursor?: string }; error?: unknown } | null;
      if (!listed || listed.error) return { error: listed?.error };
      tools.push(...(listed.result?.tools ?? []));
      cursor = listed.result?.nextCursor;
    } while (cursor);
    return tools;
  }

  private run(message: JSONRPCRequest | JSONRPCNotification, admission: Admission, request: Request) {
    const era = isModernRequest(message, request.headers.get("mcp-protocol-version")) ? "modern" : "legacy";
    return this.dispatcher.dispatch(message, admission.ctx, { transport: "rpc", era, signal: request.signal });
  }
}
