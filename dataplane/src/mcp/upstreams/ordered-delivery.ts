// The SDK Client runs notification handlers one microtask late (Protocol._onnotification wraps them in
// Promise.resolve().then) but handles responses at once. When a server writes its last progress
// notification and the result back to back (one stdio chunk, or one read), the response removes the
// request's progress handler before the notification reaches it, and the notification is dropped as
// "unknown progress token" — clients then miss the final progress. So a response that follows a
// notification within the same tick is handed over on the next macrotask, after that notification's
// handler; everything else is delivered at once, in order.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

export function deliverNotificationsBeforeResponses(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  let notifiedThisTick = false;
  transport.onmessage = (message, extra) => {
    const isResponse = "result" in message || "error" in message;
    if (!isResponse && "method" in message && !("id" in message)) {
      if (!notifiedThisTick) {
        notifiedThisTick = true;
        setImmediate(() => {
          notifiedThisTick = false;
        });
      }
      deliver(message, extra);
      return;
    }
    if (isResponse && notifiedThisTick) {
      setImmediate(() => deliver(message, extra));
      return;
    }
    deliver(message, extra);
  };
}
