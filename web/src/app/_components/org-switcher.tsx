"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { errorDetails } from "~/app/_lib/error-details";
import { useSwitchOrg } from "~/app/_lib/use-switch-org";
import { useTRPC } from "~/trpc/react";

export interface TSwitcherOrg {
  id: string;
  name: string;
  role: string;
}

/** The current org's name; opens a menu of the user's other orgs and "New organization". */
export function OrgSwitcher({
  orgs,
  currentOrgId,
  orgName,
}: {
  orgs: TSwitcherOrg[];
  currentOrgId: string;
  orgName: string;
}) {
  const trpc = useTRPC();
  const switchOrg = useSwitchOrg();
  const [open, setOpen] = useState(false);
  // Checked on the server first, so a refused switch shows an error instead of silently keeping the old org.
  const check = useMutation(
    trpc.org.switch.mutationOptions({
      onSuccess: async ({ org }) => {
        setOpen(false);
        await switchOrg(org.id);
      },
    }),
  );
  const error = errorDetails(check.error);
  return (
    <div className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Organization: ${orgName}. Switch organization`}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-sm font-medium text-slate-700 hover:bg-slate-200"
      >
        <span data-testid="org-name">{orgName}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div
          role="menu"
          aria-label="Your organizations"
          className="absolute left-0 z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          {orgs.map((org) => (
            <button
              key={org.id}
              type="button"
              role="menuitemradio"
              aria-checked={org.id === currentOrgId}
              disabled={check.isPending}
              onClick={() => (org.id === currentOrgId ? setOpen(false) : check.mutate({ orgId: org.id }))}
              className="flex w-full items-baseline justify-between gap-2 px-3 py-1.5 text-left text-sm hover:bg-slate-50"
            >
              <span className={org.id === currentOrgId ? "font-semibold text-indigo-700" : "text-slate-700"}>
                {org.name}
              </span>
              <span className="text-xs text-slate-500">{org.role}</span>
            </button>
          ))}
          <div className="my-1 border-t border-slate-100" />
          <Link
            href="/settings/new-organization"
            role="menuitem"
            onClick={() => setOpen(false)}
            className="block px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-slate-50"
          >
            New organization
          </Link>
          {error ? (
            <p role="alert" className="px-3 py-1.5 text-xs text-red-600">
              {error.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
