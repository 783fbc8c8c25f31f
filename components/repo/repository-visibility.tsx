"use client";

import { useState } from "react";
import { actionButton } from "@/components/ui/controls";
import type { RepositorySummary } from "@/lib/client/repos/repo-schemas";
import { useReposStore } from "@/lib/client/repos/repos-store";
import type { Visibility } from "@/lib/protocol/visibility";

const badgeStyle: Record<Visibility, string> = {
  private: "bg-amber-100 text-amber-800 dark:bg-amber-950/50 dark:text-amber-200",
  shared: "bg-sky-100 text-sky-800 dark:bg-sky-950/50 dark:text-sky-200",
};

/** Who sees a repository: its owner alone (Private) or everyone on the server (Shared). */
export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  return (
    <span
      data-testid="repository-visibility"
      title={
        visibility === "private"
          ? "Only its owner sees this repository, its wikis and its runs"
          : "Everyone on this server sees this repository and its wikis"
      }
      className={`rounded px-1.5 py-px text-xs font-medium ${badgeStyle[visibility]}`}
    >
      {visibility === "private" ? "Private" : "Shared"}
    </span>
  );
}

/** The owner's switch between private and shared; nothing for anyone else. */
export function VisibilityToggle({ repository }: { repository: RepositorySummary }) {
  const setVisibility = useReposStore((state) => state.setVisibility);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!repository.owned || !repository.visibility) return null;
  const next: Visibility = repository.visibility === "private" ? "shared" : "private";

  async function change() {
    setBusy(true);
    setError(null);
    try {
      await setVisibility(repository.repo_id, next);
    } catch (failure) {
      setError((failure as Error).message || "Could not change who sees it");
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="flex items-center gap-2">
      <button type="button" disabled={busy} onClick={change} className={actionButton}>
        {next === "shared" ? "Share with everyone" : "Make private"}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      ) : null}
    </span>
  );
}
