// The change-notification triggers (prisma/migrations/*notify*): which writes reach the data plane's
// caches. Health and discovery columns of mcp_servers are written every sweep and must stay silent;
// the columns the data plane connects with must notify.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pg from "pg";
import { createTenant, demoStdioServer, eventually, TEST_DATABASE_URL, testEnv, testPool } from "../test/fixtures.ts";

const env = testEnv();
const pool = testPool();
const listener = new pg.Client({ connectionString: TEST_DATABASE_URL });
const received: { table: string; op: string; id: string }[] = [];

beforeAll(async () => {
  await listener.connect();
  listener.on("notification", (message) => {
    if (message.payload) received.push(JSON.parse(message.payload));
  });
  await listener.query("LISTEN omnimesh_changes");
});

afterAll(async () => {
  await listener.end();
  await pool.end();
});

const forServer = (id: string) => received.filter((event) => event.table === "mcp_servers" && event.id === id);

describe("mcp_servers change notifications", () => {
  test("health/discovery writes are silent; a connection setting notifies", async () => {
    const tenant = await createTenant(pool, env, [demoStdioServer()]);
    const id = tenant.serverIds.demo!;
    await eventually(async () => forServer(id).length === 1);

    await pool.query(
      `update mcp_servers set health_status = 'healthy', last_health_at = now(), last_error = null,
         capabilities = '{"tools":[]}', server_info = '{"name":"demo"}' where id = $1`,
      [id],
    );
    // A NOTIFY is delivered at commit; a round trip on the listening connection flushes what is pending.
    await listener.query("select 1");
    await Bun.sleep(200);
    expect(forServer(id)).toHaveLength(1);

    await pool.query(`update mcp_servers set timeout_ms = 5000 where id = $1`, [id]);
    const events = await eventually(async () => (forServer(id).length === 2 ? forServer(id) : undefined));
    expect(events[1]?.op).toBe("UPDATE");
  });
});
