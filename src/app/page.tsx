import { redirect } from "next/navigation";
import { createContext } from "@/server/api/context";

/** Where a signed-in user starts: the administrator on the admin home, everyone else on their meetings. */
export default async function Home() {
  const { user } = await createContext();
  if (!user) redirect("/login");
  redirect(user.role === "ADMIN" ? "/admin" : "/meetings");
}
