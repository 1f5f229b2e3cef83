import { redirect } from "next/navigation";
import { getSessionAuth } from "~/server/auth/session";

export default async function HomePage() {
  redirect((await getSessionAuth()) ? "/dashboard" : "/login");
}
