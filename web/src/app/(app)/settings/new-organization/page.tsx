import type { Metadata } from "next";
import { NewOrgForm } from "~/app/_components/new-org-form";
import { cardClass, PageHeader } from "~/app/_components/ui";

export const metadata: Metadata = { title: "New organization" };

export default function NewOrganizationPage() {
  return (
    <>
      <PageHeader
        title="New organization"
        description="You become its owner. Namespaces, servers, keys and members are separate for each organization."
      />
      <section className={`${cardClass} max-w-md`}>
        <NewOrgForm />
      </section>
    </>
  );
}
