import Link from "next/link";
import type { ReactNode } from "react";
import { Notice } from "@/components/ui/alert";

/** The one sentence on how to get a model, wherever the app says one is missing. */
export function ConfigureModelAdvice() {
  return (
    <span data-testid="model-advice">
      Add a model provider in{" "}
      <Link href="/settings" className="font-medium underline underline-offset-2">
        Settings
      </Link>
      ; it is used at once, no restart needed.
    </span>
  );
}

/** "No model is configured", what that means here (`children`), and how to configure one. */
export function NoModelNotice({
  children,
  className,
}: {
  children: ReactNode;
  className?: string;
}) {
  return (
    <Notice data-testid="no-model" className={className}>
      No model is configured, so {children} <ConfigureModelAdvice />
    </Notice>
  );
}
