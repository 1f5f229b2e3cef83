// Test upstream (stdio): an MCP server that starts a long-lived grandchild (`sleep 300`) and reports
// both pids through its "pids" tool, to prove stopping a stdio server stops its whole process tree.
import { spawn } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const grandchild = spawn("sleep", ["300"], { stdio: "ignore" });
const server = new McpServer({ name: "grandchild-test", version: "1.0.0" });
server.registerTool("pids", { description: "This server's pid and its grandchild's" }, async () => ({
  content: [{ type: "text", text: JSON.stringify({ server: process.pid, grandchild: grandchild.pid }) }],
}));
await server.connect(new StdioServerTransport());
