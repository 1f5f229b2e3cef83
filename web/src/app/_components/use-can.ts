"use client";

import { useQuery } from "@tanstack/react-query";
import { can, type TPermission } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";

/**
 * Whether the caller's role in the current org grants a permission (false while it loads). Pages use it
 * to hide controls, not to guard anything: the server checks the permission on every call anyway.
 */
export function useCan(permission: TPermission): boolean {
  const trpc = useTRPC();
  const current = useQuery(trpc.org.current.queryOptions());
  return current.data ? can(current.data.role, permission) : false;
}
