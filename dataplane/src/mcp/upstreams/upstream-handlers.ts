// The handlers one upstream SDK Client gets when it connects: what the upstream says on its own.
// list_changed drops the connection's list cache before the session layer hears of it; every other
// notification and every server→client request (sampling, elicitation, roots) goes to the session
// layer (`UpstreamEvents`), which decides which client session it concerns.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CancelledNotificationSchema,
  ErrorCode,
  McpError,
  type Notification,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { ListKind, UpstreamConnection, UpstreamEvents } from "./upstream-connection.ts";

/** Wires `client` (about to connect for `connection`); `dropLists` empties the connection's list cache. */
export function wireUpstreamHandlers(
  client: Client,
  connection: UpstreamConnection,
  events: UpstreamEvents | null,
  dropLists: (...kinds: ListKind[]) => void,
): void {
  const forward = (notification: Notification) => events?.onNotification(connection, notification);
  client.setNotificationHandler(ToolListChangedNotificationSchema, async (n) => {
    dropLists("tools");
    forward(n);
  });
  client.setNotificationHandler(PromptListChangedNotificationSchema, async (n) => {
    dropLists("prompts");
    forward(n);
  });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, async (n) => {
    dropLists("resources", "resourceTemplates");
    forward(n);
  });
  client.fallbackNotificationHandler = async (n) => forward(n);

  /** Server→client requests being answered, by the upstream's request id (for its cancellations). */
  const serverRequests = new Map<string | number, AbortController>();
  client.fallbackRequestHandler = async (request, extra) => {
    if (!events) throw new McpError(ErrorCode.MethodNotFound, `Omnimesh does not route ${request.method}`);
    const controller = new AbortController();
    extra.signal.addEventListener("abort", () => controller.abort(extra.signal.reason), { once: true });
    serverRequests.set(request.id, controller);
    try {
      return (await events.onRequest(connection, request, { ...extra, signal: controller.signal })) as never;
    } finally {
      serverRequests.delete(request.id);
    }
  };
  // Replaces the SDK's own handler, which ignores requestId 0 (typescript-sdk #2283) — the id of
  // the first request every upstream session sends.
  client.setNotificationHandler(CancelledNotificationSchema, async (n) => {
    if (n.params.requestId !== undefined) serverRequests.get(n.params.requestId)?.abort(n.params.reason);
  });
}
