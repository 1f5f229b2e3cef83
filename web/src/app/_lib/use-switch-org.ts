"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { switchSessionOrg } from "./switch-session-org";

/** Switches the session to an org, then drops every cached query (they belong to the old org) and reloads. */
export function useSwitchOrg(): (orgId: string | null, path?: string) => Promise<void> {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useCallback(
    async (orgId, path = "/dashboard") => {
      if (orgId) await switchSessionOrg(orgId);
      queryClient.clear();
      router.push(path);
      router.refresh();
    },
    [router, queryClient],
  );
}
