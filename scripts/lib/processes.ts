// Child processes of a local stack: started with a shared environment, prefixed output, and torn
// down together.
import type { Subprocess } from "bun";

export interface Child {
  name: string;
  proc: Subprocess;
}

const children: Child[] = [];

export function spawnChild(name: string, cmd: string[], options: { cwd: string; env: Record<string, string> }): Child {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: options.env,
    stdout: "pipe",
    stderr: "pipe",
    // Same process group as this script: whoever stops the group (Ctrl-C in a terminal,
    // Playwright's webServer teardown) stops the servers with it.
  });
  const child = { name, proc };
  children.push(child);
  void pipeWithPrefix(proc.stdout as ReadableStream<Uint8Array>, `[${name}] `, process.stdout);
  void pipeWithPrefix(proc.stderr as ReadableStream<Uint8Array>, `[${name}] `, process.stderr);
  return child;
}

async function pipeWithPrefix(stream: ReadableStream<Uint8Array>, prefix: string, out: NodeJS.WriteStream) {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) out.write(`${prefix}${line}\n`);
  }
  if (pending) out.write(`${prefix}${pending}\n`);
}

export async function stopChildren(): Promise<void> {
  await Promise.all(
    children.splice(0).map(async ({ proc }) => {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      const timeout = setTimeout(() => proc.kill("SIGKILL"), 8000);
      await proc.exited;
      clearTimeout(timeout);
    }),
  );
}

/** Polls `url` until it answers 2xx, the child exits, or the timeout passes. */
export async function waitForHealthy(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${child.name} exited with code ${child.proc.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {}
    await Bun.sleep(250);
  }
  throw new Error(`${child.name} did not become healthy at ${url} within ${timeoutMs} ms`);
}

export function run(cmd: string[], options: { cwd: string; env: Record<string, string> }): number {
  const result = Bun.spawnSync(cmd, { ...options, stdout: "inherit", stderr: "inherit" });
  return result.exitCode;
}
