"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { kindLabel } from "@/components/runs/run-format";
import { Alert, alertActionStyle } from "@/components/ui/alert";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { actionButton } from "@/components/ui/controls";
import { NotFoundState } from "@/components/ui/not-found-state";
import { ReconnectingBanner } from "@/components/ui/reconnecting-banner";
import { useRemote } from "@/lib/client/api/use-remote";
import { listRepositories } from "@/lib/client/repos/repos-api";
import { fetchReport, findRepositoryId } from "@/lib/client/research/research-api";
import {
  type ExportableRun,
  researchAsJson,
  researchAsMarkdown,
  researchFileName,
} from "@/lib/client/research/research-export";
import { reportText, researchViewFold } from "@/lib/client/research/research-view";
import { cancelRun, fetchRunSubject } from "@/lib/client/runs/runs-api";
import { useProgressTitle } from "@/lib/client/runs/use-progress-title";
import { useRun } from "@/lib/client/runs/use-run";
import { useRunNotification } from "@/lib/client/runs/use-run-notification";
import { downloadFile } from "@/lib/client/ui/download-file";
import { isTerminalStatus } from "@/lib/protocol/runs";
import { UsageSummary } from "../usage/usage-summary";
import { ContinueResearchForm, ResearchThread } from "./continue-research";
import { ResearchReport } from "./research-report";
import { RunLogConsole } from "./run-log-console";
import { RunProgressPanel } from "./run-progress-panel";

/** `/research/{id}`: one run followed live, its report, and what can be done with it. */
export function ResearchRunView({ runId }: { runId: string }) {
  const { state: view, transport, error, missing } = useRun(runId, researchViewFold);
  const finished = view.status !== null && isTerminalStatus(view.status);
  // Read again when the status changes, so the usage shown is the run's final one at its end.
  const subject = useRemote(
    `subject:${runId}:${view.status ?? ""}`,
    (signal) => fetchRunSubject(runId, signal),
    { keepPrevious: true },
  );
  const title = subject.data?.query || "Research";
  const isResearch = view.kind === "research";
  // The stored report, once the run has ended (or its result event is in).
  const reportKey =
    isResearch && (finished || view.result !== null) ? `report:${runId}:${view.status}` : null;
  const report = useRemote(reportKey, (signal) => fetchReport(runId, signal), {
    keepPrevious: true,
  });
  // Known from the start, so citations link while the report streams in.
  const repoUrl = report.data?.metadata.repo_url ?? subject.data?.repo_url ?? null;
  const repos = useRemote(repoUrl ? "repos" : null, (signal) => listRepositories(signal));
  const repoId = repoUrl && repos.data ? findRepositoryId(repos.data, repoUrl) : null;

  useProgressTitle(
    title.length > 40 ? `${title.slice(0, 39)}…` : title,
    view.status,
    view.progress,
  );
  const notification = useRunNotification(runId, title, view.status);

  if (missing && view.status === null) {
    return (
      <NotFoundState title="No such run" back={{ href: "/research", label: "All runs" }}>
        No research or wiki run has this id here. It may have been deleted.
      </NotFoundState>
    );
  }
  if (error && view.status === null) {
    return (
      <Alert
        title="This run could not be loaded"
        action={
          <Link href="/research" className={alertActionStyle}>
            All runs
          </Link>
        }
      >
        {error}
      </Alert>
    );
  }

  const content = report.data?.content ?? reportText(view);
  const exportable: ExportableRun = {
    runId,
    query: title,
    status: view.status,
    streamed: reportText(view),
    report: report.data ?? null,
  };

  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          <Link href="/research" className="hover:underline">
            Research
          </Link>{" "}
          / {view.kind ? kindLabel(view.kind) : "Run"}
        </p>
        <h1
          data-testid="run-title"
          className="mt-1 text-2xl font-semibold tracking-tight break-words"
        >
          {subject.data ? (subject.data.query ?? "") : <span className="text-zinc-400">…</span>}
        </h1>
        {repoUrl ? (
          <p className="mt-1 truncate text-sm text-zinc-600 dark:text-zinc-400">
            {repoId ? (
              <Link href={`/repos/${encodeURIComponent(repoId)}`} className="hover:underline">
                {repoUrl}
              </Link>
            ) : (
              repoUrl
            )}
          </p>
        ) : null}
        {subject.data?.wiki_id ? (
          <p className="mt-1 text-sm">
            <Link
              href={`/wikis/${encodeURIComponent(subject.data.wiki_id)}`}
              className="font-medium text-sky-700 hover:underline dark:text-sky-400"
            >
              Open the wiki
            </Link>
          </p>
        ) : null}
        <p className="mt-1">
          <UsageSummary
            usage={subject.data?.usage}
            label={finished ? "Model usage" : "Model usage so far"}
          />
        </p>
        <RunActions
          runId={runId}
          running={view.status !== null && !finished}
          exportable={content.trim() ? exportable : null}
          notification={notification}
          finished={finished}
        />
      </header>

      <ReconnectingBanner transport={finished ? null : transport} />
      <RunProgressPanel view={view} transport={transport} />

      {isResearch ? <ResearchThread runId={runId} version={view.status ?? ""} /> : null}

      {isResearch ? (
        <ResearchReport
          content={content}
          streaming={!finished}
          report={report.data ?? null}
          evidence={view.evidence}
          repoId={repoId}
        />
      ) : null}

      {isResearch && view.status === "completed" && report.data ? (
        <ContinueResearchForm runId={runId} metadata={report.data.metadata} />
      ) : null}

      <RunLogConsole lines={view.logs} />
    </div>
  );
}

function RunActions({
  runId,
  running,
  finished,
  exportable,
  notification,
}: {
  runId: string;
  running: boolean;
  finished: boolean;
  exportable: ExportableRun | null;
  notification: ReturnType<typeof useRunNotification>;
}) {
  const [cancelling, setCancelling] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const cancel = useCallback(async () => {
    setCancelling(true);
    setMessage(null);
    try {
      await cancelRun(runId);
    } catch (failure) {
      setMessage((failure as Error).message);
      setCancelling(false);
    }
  }, [runId]);

  return (
    <div className="mt-3 flex flex-wrap items-center gap-2">
      {running ? (
        <ConfirmAction
          label="Cancel run"
          question="Cancel this run? What it has found so far is kept."
          busy={cancelling}
          busyLabel="Cancelling…"
          className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-300 ring-inset hover:bg-red-50 disabled:cursor-wait disabled:opacity-60 dark:text-red-300 dark:ring-red-800 dark:hover:bg-red-950/40"
          onConfirm={() => void cancel()}
        />
      ) : null}
      {running && notification.state !== "unsupported" ? (
        <button
          type="button"
          aria-pressed={notification.state === "on"}
          disabled={notification.state === "denied"}
          onClick={() =>
            notification.state === "on" ? notification.disable() : void notification.enable()
          }
          title={
            notification.state === "denied"
              ? "Notifications are blocked for this site in the browser's settings"
              : undefined
          }
          className={`${actionButton} ring-1 ring-zinc-300 ring-inset dark:ring-zinc-700`}
        >
          {notification.state === "on"
            ? "Will notify when finished"
            : notification.state === "denied"
              ? "Notifications blocked"
              : "Notify me when finished"}
        </button>
      ) : null}
      {exportable ? (
        <>
          <button
            type="button"
            className={actionButton}
            onClick={() =>
              downloadFile(
                researchFileName(exportable.query, "md"),
                researchAsMarkdown(exportable),
                "text/markdown;charset=utf-8",
              )
            }
          >
            Export .md
          </button>
          <button
            type="button"
            className={actionButton}
            onClick={() =>
              downloadFile(
                researchFileName(exportable.query, "json"),
                researchAsJson(exportable),
                "application/json",
              )
            }
          >
            Export .json
          </button>
        </>
      ) : null}
      {finished && exportable ? (
        <Link href="/research#new-research" className={actionButton}>
          New research
        </Link>
      ) : null}
      {message ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {message}
        </p>
      ) : null}
    </div>
  );
}
