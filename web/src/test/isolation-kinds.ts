// The object kinds the isolation suite probes (web/src/test/isolation.test.ts): for each, the tRPC and REST
// calls org A makes at one of org B's objects, the listings that must not show it, and a check that it is
// unchanged afterwards. A new kind of object is one more entry in the group file of its area
// (isolation-kinds-*.ts).
import type { createCaller } from "~/server/api/root";
import { GATEWAY_KINDS } from "./isolation-kinds-gateway";
import { LOG_KINDS } from "./isolation-kinds-logs";
import { RULE_KINDS } from "./isolation-kinds-rules";
import { TENANCY_KINDS } from "./isolation-kinds-tenancy";
import type { TPopulatedOrg } from "./org-fixtures";

export interface TWorld {
  a: TPopulatedOrg;
  b: TPopulatedOrg;
  /** org A's owner through tRPC. */
  caller: ReturnType<typeof createCaller>;
  /** REST bearer tokens of org A: the owner's access JWT and an admin-scoped API key. */
  tokens: { jwt: string; apiKey: string };
}

type TRestCall = (world: TWorld, token: string) => Promise<Response>;
type TTrpcCall = (world: TWorld) => Promise<unknown>;

/**
 * A call whose refusal is not NOT_FOUND on purpose: e.g. naming another org's server inside a request body
 * is a validation error about that field, the very answer an id that does not exist gets.
 */
interface TOtherRefusal {
  call: TTrpcCall;
  code: "BAD_REQUEST";
}

export interface TKind {
  kind: string;
  /** tRPC calls aimed at one of org B's objects; each must fail with NOT_FOUND (unless stated). */
  trpc: Record<string, TTrpcCall | TOtherRefusal>;
  /** tRPC listings of org A; none may contain anything of org B. */
  trpcLists?: Record<string, (world: TWorld) => Promise<unknown>>;
  /** REST calls aimed at one of org B's objects; each must answer 404. */
  rest?: Record<string, TRestCall>;
  /** REST listings of org A; 200 and nothing of org B. */
  restLists?: Record<string, TRestCall>;
  /** Proves org B's object is as it was after all the attempts. */
  unchanged: (world: TWorld) => Promise<void>;
}

/**
 * Org B's policy and rate limit, made on first use through its owner (the shared org fixture predates them),
 * scoped to B's namespace so a leak of either would also show B's namespace id.

/** Every kind, grouped by area; a new kind of object is one more entry in its group. */
export const KINDS: TKind[] = [...GATEWAY_KINDS, ...LOG_KINDS, ...RULE_KINDS, ...TENANCY_KINDS];
