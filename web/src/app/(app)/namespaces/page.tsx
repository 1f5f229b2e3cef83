import type { Metadata } from "next";
import { NamespacesView } from "./namespaces-view";

export const metadata: Metadata = { title: "Namespaces" };

export default function NamespacesPage() {
  return <NamespacesView />;
}
