"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable } from "~/app/_components/data-table";
import { FormError } from "~/app/_components/form-error";
import { dangerButtonClass, inputClass, PageHeader } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { can, canGrant, ROLES, type TRole } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";

export function MembersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.org.current.queryOptions());
  const members = useQuery(trpc.members.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSettled: refresh }));
  const error = errorDetails(updateRole.error) ?? errorDetails(remove.error);
  const myRole = current.data?.role;
  const canManage = myRole ? can(myRole, "member:manage") : false;
  // Within the ceiling: a manager edits only members at or below their own role, and grants only such roles.
  const editable = (role: TRole) => canManage && myRole !== undefined && canGrant(myRole, role);
  const grantable = ROLES.filter((role) => myRole !== undefined && canGrant(myRole, role));

  return (
    <>
      <PageHeader title="Members" description="Everyone with access to this organization, and their role.">
        {myRole && can(myRole, "invite:manage") ? (
          <Link href="/invitations" className="text-sm font-medium text-indigo-600 hover:underline">
            Invite people
          </Link>
        ) : null}
      </PageHeader>
      <FormError error={error} />
      <DataTable label="Members" columns={["Name", "Email", "Role", "Joined"]} actions className="mt-4">
        {members.data?.map((member) => {
          const isMe = member.userId === current.data?.user.id;
          return (
            <tr key={member.userId}>
              <td className="px-4 py-2 font-medium">
                {member.name}
                {isMe ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
              </td>
              <td className="px-4 py-2">{member.email}</td>
              <td className="px-4 py-2">
                {editable(member.role) ? (
                  <select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    disabled={updateRole.isPending}
                    onChange={(event) =>
                      updateRole.mutate({ userId: member.userId, role: event.target.value as TRole })
                    }
                    className={`${inputClass} w-32 py-1`}
                  >
                    {grantable.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span data-testid={`role-${member.email}`}>{member.role}</span>
                )}
              </td>
              <td className="px-4 py-2 text-slate-500">{member.joinedAt.toLocaleDateString()}</td>
              <td className="px-4 py-2 text-right">
                {editable(member.role) && !isMe ? (
                  <button
                    type="button"
                    className={dangerButtonClass}
                    disabled={remove.isPending}
                    aria-label={`Remove ${member.email}`}
                    onClick={() => {
                      if (window.confirm(`Remove ${member.email} from the organization?`)) {
                        remove.mutate({ userId: member.userId });
                      }
                    }}
                  >
                    Remove
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </DataTable>
      {members.isLoading ? <p className="mt-2 text-sm text-slate-500">Loading…</p> : null}
    </>
  );
}
