// Reads a text/event-stream body incrementally and hands each event's data, parsed as JSON, to a
// callback. Only what MCP servers send is handled: `data:` lines (joined with "\n"), `event:` types
// other than "message" ignored, comments and `id:`/`retry:` fields skipped.

export async function readSseMessages(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: unknown) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data = "";
  let hasData = false;
  let eventType = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let start = 0;
    let newline = buffer.indexOf("\n", start);
    while (newline >= 0) {
      let end = newline;
      if (end > start && buffer.charCodeAt(end - 1) === 13) end--;
      if (end === start) {
        // Blank line: the event is complete.
        if (hasData && (eventType === "" || eventType === "message")) dispatch(data, onMessage);
        data = "";
        hasData = false;
        eventType = "";
      } else if (buffer.startsWith("data:", start)) {
        const valueStart = buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
        data = hasData ? `${data}\n${buffer.slice(valueStart, end)}` : buffer.slice(valueStart, end);
        hasData = true;
      } else if (buffer.startsWith("event:", start)) {
        eventType = buffer.slice(buffer.charCodeAt(start + 6) === 32 ? start + 7 : start + 6, end);
      }
      start = newline + 1;
      newline = buffer.indexOf("\n", start);
    }
    buffer = start === 0 ? buffer : buffer.slice(start);
  }
  if (hasData && (eventType === "" || eventType === "message")) dispatch(data, onMessage);
  // No releaseLock: the stream is finished, and releasing showed up in the profile.
}

function dispatch(data: string, onMessage: (message: unknown) => void): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return; // not JSON-RPC (e.g. an empty priming event): nothing to deliver
  }
  if (Array.isArray(parsed)) for (const message of parsed) onMessage(message);
  else onMessage(parsed);
}
