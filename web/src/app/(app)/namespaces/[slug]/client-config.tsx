"use client";

import { CopyButton } from "~/app/_components/copy-button";

/** Copy-paste configs for MCP clients; the key placeholder is never filled in (we cannot show secrets twice). */
export function ClientConfig({ endpointUrl, name }: { endpointUrl: string; name: string }) {
  const httpConfig = JSON.stringify(
    { mcpServers: { [name]: { url: endpointUrl, headers: { Authorization: "Bearer <YOUR_OMNIMESH_API_KEY>" } } } },
    null,
    2,
  );
  const bridgeConfig = JSON.stringify(
    {
      mcpServers: {
        [name]: {
          command: "npx",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: mcp-remote expands ${VAR} from `env` itself
          args: ["-y", "mcp-remote", endpointUrl, "--header", "Authorization: Bearer ${OMNIMESH_API_KEY}"],
          env: { OMNIMESH_API_KEY: "<YOUR_OMNIMESH_API_KEY>" },
        },
      },
    },
    null,
    2,
  );
  return (
    <div className="mt-4 grid gap-4 lg:grid-cols-2">
      <Snippet
        title="Cursor, Claude Code and other Streamable HTTP clients"
        code={httpConfig}
        testId="client-config-http"
      />
      <Snippet title="Claude Desktop (stdio bridge via mcp-remote)" code={bridgeConfig} testId="client-config-stdio" />
    </div>
  );
}

function Snippet({ title, code, testId }: { title: string; code: string; testId: string }) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between">
        <h3 className="text-sm font-medium text-slate-700">{title}</h3>
        <CopyButton value={code} label="Copy config" />
      </div>
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid={testId}>
        {code}
      </pre>
    </div>
  );
}
