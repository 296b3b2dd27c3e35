import { redirect } from "next/navigation";
import { can } from "@/domain/permissions";
import { createContext } from "@/server/api/context";

/** Where a signed-in user starts: the administrator on the admin home, clinicians on their meetings, researchers on the dataset. */
export default async function Home() {
  const { user } = await createContext();
  if (!user) redirect("/login");
  if (user.role === "ADMIN") redirect("/admin");
  redirect(can(user, "seePatients", null) ? "/meetings" : "/dataset");
}
