import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "HER2 cohort dashboard", template: "%s · HER2 cohort dashboard" },
  description: "De-identified breast-cancer cases grouped into HER2-0 (null, ultralow), HER2-low and HER2-positive cohorts.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
