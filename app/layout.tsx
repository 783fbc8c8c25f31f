import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { KeyboardShortcuts } from "@/components/layout/keyboard-shortcuts";
import { SiteHeader } from "@/components/layout/site-header";
import { themeInitScript } from "@/lib/client/ui/theme";
import { NONCE_HEADER } from "@/lib/http/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Cartograph",
  description: "A living wiki, grounded answers and deep research for your code repositories",
  // From public/: the favicon, the home-screen icon and the web manifest.
  icons: { icon: "/favicon.svg", apple: "/apple-touch-icon.png" },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request with the nonce of its Content-Security-Policy.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script
          nonce={nonce}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of ours, no user input; it must run before the first paint.
          dangerouslySetInnerHTML={{ __html: themeInitScript }}
        />
      </head>
      <body className="flex min-h-screen flex-col bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main-content"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        <SiteHeader />
        <KeyboardShortcuts />
        <main id="main-content" className="flex-1">
          {children}
        </main>
      </body>
    </html>
  );
}
