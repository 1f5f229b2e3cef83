// The SDK's StdioClientTransport signals only its direct child, so anything that child started (a
// shell's `npx`, a server's worker) would outlive it. This transport starts the server as the leader
// of a process group of its own and signals the whole group: SIGTERM, then SIGKILL after a grace
// period. It speaks the same newline-delimited JSON-RPC over stdin/stdout, with the SDK's framing.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { StderrRing } from "./stderr-ring.ts";

const KILL_GRACE_MS = 2_000;

/** What the operator endpoints show of a stdio server's process; one per upstream connection. */
export class ProcessRecord {
  pid: number | null = null;
  startedAt: number | null = null;
  exitedAt: number | null = null;
  exitCode: number | null = null;
  exitSignal: string | null = null;
  spawns = 0;

  get running(): boolean {
    return this.pid !== null && this.exitedAt === null;
  }

  /** Times the process was started again after its first start. */
  get restarts(): number {
    return Math.max(0, this.spawns - 1);
  }
}

export interface ProcessGroupStdioOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  stderr: StderrRing;
  record?: ProcessRecord;
  killGraceMs?: number;
}

/**
 * True while a live process (leader or a descendant that kept the group) is in the group. Exited
 * processes nobody reaped yet (zombies: a container's init may never reap orphans) do not count, so on
 * Linux the group's members are read from /proc; elsewhere kill(-pgid, 0) decides alone.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const state = processState(Number(entry));
    if (state && state.pgid === pgid && state.state !== "Z" && state.state !== "X") return true;
  }
  return false;
}

/** State letter and process group of a pid from /proc/<pid>/stat; null when it does not exist. */
export function processState(pid: number): { state: string; pgid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) S ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", pgid: Number(fields[2]) };
  } catch {
    return null;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export class ProcessGroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | null = null;
  private readonly buffer = new ReadBuffer();
  private closing: Promise<void> | null = null;

  constructor(private readonly options: ProcessGroupStdioOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    if (this.child) throw new Error("ProcessGroupStdioTransport already started");
    return new Promise((resolve, reject) => {
      const { options } = this;
      // detached: the child calls setsid(), so its pid is also the id of a new process group.
      const child = spawn(options.command, options.args, {
        env: options.env,
        cwd: options.cwd,
        stdio: ["pipe", "pipe", "pipe"],
        detached: true,
        shell: false,
      });
      this.child = child;
      child.once("error", (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once("spawn", () => {
        const record = options.record;
        if (record) {
          record.pid = child.pid ?? null;
          record.startedAt = Date.now();
          record.exitedAt = null;
          record.exitCode = null;
          record.exitSignal = null;
          record.spawns++;
        }
        resolve();
      });
      child.once("exit", (code, signal) => {
        const record = options.record;
        if (record && record.pid === child.pid) {
          record.exitedAt = Date.now();
          record.exitCode = code;
          record.exitSignal = signal;
        }
      });
      child.once("close", () => {
        // The leader is gone; whatever it left in its group goes too (unless close() is on it).
        if (child.pid && !this.closing) void this.killGroup(child.pid);
        if (this.child === child) this.child = null;
        this.buffer.clear();
        this.onclose?.();
      });
      child.stdout?.on("data", (chunk: Buffer) => {
        try {
          this.buffer.append(chunk);
        } catch (error) {
          this.onerror?.(error as Error);
          void this.close();
          return;
        }
        for (;;) {
          try {
            const message = this.buffer.readMessage();
            if (message === null) break;
            this.onmessage?.(message);
          } catch (error) {
            this.onerror?.(error as Error);
          }
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => options.stderr.append(chunk));
      for (const stream of [child.stdin, child.stdout, child.stderr]) {
        stream?.on("error", (error) => this.onerror?.(error));
      }
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error("Not connected"));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once("drain", resolve);
    });
  }

  /** Ends stdin and terminates the whole process group; resolves once it is gone. */
  close(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return Promise.resolve();
    const pid = child.pid;
    this.closing ??= (async () => {
      const exited =
        child.exitCode !== null || child.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((resolve) => child.once("exit", () => resolve()));
      try {
        child.stdin?.end();
      } catch {
        // already closed
      }
      await this.killGroup(pid);
      // The group is gone; let the exit be recorded before the caller looks at the process record.
      await Promise.race([exited, Bun.sleep(1_000)]);
    })();
    return this.closing;
  }

  private async killGroup(pgid: number): Promise<void> {
    const grace = this.options.killGraceMs ?? KILL_GRACE_MS;
    signalGroup(pgid, "SIGTERM");
    const deadline = Date.now() + grace;
    while (groupAlive(pgid) && Date.now() < deadline) await Bun.sleep(50);
    if (groupAlive(pgid)) signalGroup(pgid, "SIGKILL");
  }
}
