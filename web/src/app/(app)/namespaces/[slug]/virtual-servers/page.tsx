import type { Metadata } from "next";
import { VirtualServersView } from "./virtual-servers-view";

export const metadata: Metadata = { title: "Virtual servers" };

export default async function VirtualServersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <VirtualServersView slug={slug} />;
}
