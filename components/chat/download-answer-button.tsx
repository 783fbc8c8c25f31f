"use client";

import { actionButton } from "@/components/ui/controls";
import { downloadFile } from "@/lib/client/ui/download-file";

/** Saves text as a Markdown file, made in the browser. */
export function DownloadAnswerButton({
  fileName,
  markdown,
}: {
  fileName: string;
  markdown: string;
}) {
  return (
    <button
      type="button"
      className={actionButton}
      onClick={() => downloadFile(fileName, markdown, "text/markdown;charset=utf-8")}
    >
      Download .md
    </button>
  );
}
