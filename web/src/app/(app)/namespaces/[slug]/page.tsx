import type { Metadata } from "next";
import { NamespaceView } from "./namespace-view";

export const metadata: Metadata = { title: "Namespace" };

export default async function NamespacePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <NamespaceView slug={slug} />;
}
