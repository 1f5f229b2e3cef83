// The tools of the conformance server, one per server scenario of @modelcontextprotocol/conformance
// that calls a tool (content types, logging, progress, errors, SSE resumption, sampling, elicitation,
// JSON Schema 2020-12).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CreateMessageResultSchema,
  type ElicitRequest,
  ElicitResultSchema,
  ListToolsRequestSchema,
  type ListToolsResult,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { DEFAULTS_SCHEMA, ENUMS_SCHEMA, JSON_SCHEMA_2020_12 } from "./schemas.ts";

/** 1x1 red PNG pixel. */
export const TEST_IMAGE_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
/** Minimal WAV file. */
const TEST_AUDIO_BASE64 = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";
const JSON_SCHEMA_TOOL = "json_schema_2020_12_tool";

const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerTools(server: McpServer): void {
  server.registerTool("test_simple_text", { description: "Returns simple text" }, async () =>
    text("This is a simple text response for testing."),
  );
  server.registerTool("test_image_content", { description: "Returns image content" }, async () => ({
    content: [{ type: "image", data: TEST_IMAGE_BASE64, mimeType: "image/png" }],
  }));
  server.registerTool("test_audio_content", { description: "Returns audio content" }, async () => ({
    content: [{ type: "audio", data: TEST_AUDIO_BASE64, mimeType: "audio/wav" }],
  }));
  server.registerTool("test_embedded_resource", { description: "Returns an embedded resource" }, async () => ({
    content: [
      {
        type: "resource",
        resource: {
          uri: "test://embedded-resource",
          mimeType: "text/plain",
          text: "This is an embedded resource content.",
        },
      },
    ],
  }));
  server.registerTool(
    "test_multiple_content_types",
    { description: "Returns text, image and resource content" },
    async () => ({
      content: [
        { type: "text", text: "Multiple content types test:" },
        { type: "image", data: TEST_IMAGE_BASE64, mimeType: "image/png" },
        {
          type: "resource",
          resource: {
            uri: "test://mixed-content-resource",
            mimeType: "application/json",
            text: JSON.stringify({ test: "data", value: 123 }),
          },
        },
      ],
    }),
  );
  server.registerTool(
    "test_tool_with_logging",
    { description: "Sends three log messages while it runs", inputSchema: {} },
    async (_args, extra) => {
      for (const [index, data] of [
        "Tool execution started",
        "Tool processing data",
        "Tool execution completed",
      ].entries()) {
        if (index > 0) await sleep(50);
        await extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", logger: "conformance", data },
        });
      }
      return text("Tool with logging executed successfully");
    },
  );
  server.registerTool(
    "test_tool_with_progress",
    { description: "Reports progress 0, 50, 100 of 100", inputSchema: {} },
    async (_args, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (progress > 0) await sleep(50);
        if (progressToken === undefined) continue;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress, total: 100, message: `Completed step ${progress} of 100` },
        });
      }
      return text(String(progressToken ?? "no progress token"));
    },
  );
  server.registerTool("test_error_handling", { description: "Always fails" }, async () => {
    throw new Error("This tool intentionally returns an error for testing");
  });
  server.registerTool(
    "test_reconnection",
    { description: "Closes its SSE stream mid-call (Streamable HTTP), then answers", inputSchema: {} },
    async (_args, extra) => {
      // Only a Streamable HTTP transport with an event store offers closeSSEStream; the client resumes
      // with Last-Event-ID and gets the result replayed.
      extra.closeSSEStream?.();
      await sleep(100);
      return text("Reconnection test completed successfully.");
    },
  );
  server.registerTool(
    "test_sampling",
    { description: "Asks the client's LLM (sampling/createMessage)", inputSchema: { prompt: z.string() } },
    async ({ prompt }, extra) => {
      const result = await extra.sendRequest(
        {
          method: "sampling/createMessage",
          params: { messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 },
        },
        CreateMessageResultSchema,
      );
      const content = result.content as { type: string; text?: string };
      return text(`LLM response: ${content.type === "text" ? content.text : `[${content.type}]`}`);
    },
  );
  const elicit = (name: string, description: string, params: ElicitRequest["params"]) =>
    server.registerTool(name, { description, inputSchema: {} }, async (_args, extra) => {
      const result = await extra.sendRequest({ method: "elicitation/create", params }, ElicitResultSchema);
      return text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`);
    });
  server.registerTool(
    "test_elicitation",
    { description: "Asks the user for input (elicitation/create)", inputSchema: { message: z.string() } },
    async ({ message }, extra) => {
      const result = await extra.sendRequest(
        {
          method: "elicitation/create",
          params: {
            message,
            requestedSchema: {
              type: "object",
              properties: {
                username: { type: "string", description: "User's response" },
                email: { type: "string", description: "User's email address" },
              },
              required: ["username", "email"],
            },
          },
        },
        ElicitResultSchema,
      );
      return text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`);
    },
  );
  elicit("test_elicitation_sep1034_defaults", "Elicitation with default values (SEP-1034)", {
    message: "Please review and update the form fields with defaults",
    requestedSchema: DEFAULTS_SCHEMA,
  });
  elicit("test_elicitation_sep1330_enums", "Elicitation with every enum variant (SEP-1330)", {
    message: "Please select options from the enum fields",
    requestedSchema: ENUMS_SCHEMA,
  });
  server.registerTool(
    JSON_SCHEMA_TOOL,
    {
      description: "Tool whose input schema uses JSON Schema 2020-12 keywords (SEP-1613)",
      inputSchema: {
        name: z.string().optional(),
        address: z.object({ street: z.string().optional(), city: z.string().optional() }).optional(),
      },
    },
    async (args) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`),
  );
}

export /**
 * McpServer converts zod input schemas to draft-07 JSON Schema, which drops `$schema` 2020-12, `$defs`
 * and `additionalProperties`; SEP-1613 wants a tool's raw schema served verbatim. So tools/list is
 * wrapped: McpServer's own handler runs, then that one tool's schema is replaced by the raw one.
 */
function preserveRawInputSchema(server: McpServer): void {
  type Handler = (request: unknown, extra: unknown) => Promise<unknown>;
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, Handler> })._requestHandlers;
  const original = handlers.get("tools/list")!;
  server.server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    const result = (await original(request, extra)) as ListToolsResult;
    return {
      ...result,
      tools: result.tools.map((tool) =>
        tool.name === JSON_SCHEMA_TOOL ? { ...tool, inputSchema: JSON_SCHEMA_2020_12 } : tool,
      ),
    };
  });
}
