import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Concilium", template: "%s · Concilium" },
  description: "Structured multidisciplinary tumour board",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("theme")?.value === "dark" ? "dark" : "light";
  return (
    <html lang="en" className={theme === "dark" ? "dark" : undefined}>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
