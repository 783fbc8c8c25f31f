"use client";

import { actionButtonStyle } from "@/components/ui/copy-button";

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
      onClick={() => {
        const url = URL.createObjectURL(
          new Blob([markdown], { type: "text/markdown;charset=utf-8" }),
        );
        const link = document.createElement("a");
        link.href = url;
        link.download = fileName;
        document.body.append(link);
        link.click();
        link.remove();
        // The download has its own copy by then; a later revoke frees the blob.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }}
    >
      Download .md
    </button>
  );
}
