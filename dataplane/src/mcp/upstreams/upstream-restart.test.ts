// A Streamable HTTP upstream that restarted forgets every session: its 404 makes the gateway open a new
// session and send the request again there, on the SDK path as on the fast lane — the first call after
// a restart does not fail. Real SDK servers (serveMcpHttp), stopped and started again on the same port.
import { describe, expect, test } from "bun:test";
import { createDemoServer } from "../../demo/demo-server.ts";
import { eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { type ServedMcp, serveMcpHttp } from "../../test/serve-mcp-http.ts";

let upstream: ServedMcp;
let sessions = 0;
const serve = (port?: number) => serveMcpHttp(() => createDemoServer(), { port, onSession: () => void sessions++ });

const suite = gatewaySuite({
  servers: () => {
    upstream = serve();
    suite.onStop(() => upstream.stop());
    return [{ name: "web", transport: "streamable-http", url: upstream.url }];
  },
});

const textOf = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0]!.text;

describe("an upstream restarted under the gateway", () => {
  test("the first SDK-path request after the restart (resources/read) succeeds on a new upstream session", async () => {
    const client = await suite.connect();
    const { resources } = await client.listResources();
    const info = resources.find((resource) => resource.name.endsWith("info"))!;
    // resources/read is not a fast-lane method: it goes over the SDK client's shared session.
    const read = async () => ((await client.readResource({ uri: info.uri })).contents[0] as { text: string }).text;
    expect(await read()).toBe("Omnimesh demo MCP server");
    upstream.stop();
    upstream = serve(upstream.port);
    const before = sessions;
    expect(await read()).toBe("Omnimesh demo MCP server");
    expect(sessions - before).toBe(1);
    expect(await read()).toBe("Omnimesh demo MCP server");
    expect(sessions - before).toBe(1);
  });

  test("a fast-lane call that finds the upstream restarted also reconnects the shared SDK session (notifications, lists)", async () => {
    const client = await suite.connect();
    const echo = (text: string) => client.callTool({ name: "web__echo", arguments: { text } });
    expect(textOf(await echo("before"))).toBe("before");
    await client.listTools(); // the shared SDK connection is connected and holds the list
    upstream.stop();
    upstream = serve(upstream.port);
    const before = sessions;
    expect(textOf(await echo("after"))).toBe("after");
    // One new session for the fast lane's channel, one for the shared SDK connection it told to reconnect.
    await eventually(async () => sessions - before === 2);
    const shared = suite.gateway.dataplane.upstreams
      .ofServer(suite.tenant.serverIds.web!)
      .find((connection) => connection.owner === null)!;
    await eventually(async () => shared.connected);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("web__echo");
  });
});
