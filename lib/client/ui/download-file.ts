/** Saves text as a file, made in the browser. */
export function downloadFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by then; a later revoke frees the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
