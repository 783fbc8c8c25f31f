"use client";

import { actionButtonStyle } from "@/components/ui/copy-button";
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
      className={actionButtonStyle}
      onClick={() => downloadFile(fileName, markdown, "text/markdown;charset=utf-8")}
    >
      Download .md
    </button>
  );
}
