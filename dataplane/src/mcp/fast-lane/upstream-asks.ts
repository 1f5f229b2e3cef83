// Requests an upstream sends a fast-lane channel on a call's stream (sampling, elicitation, roots,
// ping): each is handed to the channel's handler with a signal, answered on the upstream session, and
// abandoned without an answer when the upstream cancels it (notifications/cancelled: the spec says the
// receiver should not respond then).
import { errorMessage, type Logger } from "../../lib/logger.ts";
import type { ServerRequestHandler } from "./channel.ts";
import { postMessage, type UpstreamSession } from "./http-session.ts";

type RequestId = string | number;

export class UpstreamAsks {
  private readonly asked = new Map<RequestId, AbortController>();

  constructor(
    private readonly url: string,
    private readonly handler: ServerRequestHandler,
    private readonly logger: Logger,
  ) {}

  answer(session: UpstreamSession, id: RequestId, method: string, params: unknown): void {
    const controller = new AbortController();
    this.asked.set(id, controller);
    void this.handler(method, params, controller.signal)
      .then((answer) => {
        if (!controller.signal.aborted) return postMessage(this.url, session, { jsonrpc: "2.0", id, ...answer });
      })
      .catch((error) => this.logger.debug("could not answer upstream request", { error: errorMessage(error) }))
      .finally(() => {
        if (this.asked.get(id) === controller) this.asked.delete(id);
      });
  }

  /** The upstream's notifications/cancelled for one of its requests (e.g. its elicitation timed out). */
  cancelled(params: unknown): void {
    const id = (params as { requestId?: unknown } | undefined)?.requestId;
    if (typeof id === "string" || typeof id === "number") this.asked.get(id)?.abort("cancelled by the server");
  }
}
