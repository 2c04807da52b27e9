// Saves text the page made as a file: a Blob URL on a link with `download`, which needs no CSP
// entry (a download is not a fetch the page's policy governs) and sends nothing anywhere.

export function downloadText(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click starts the download synchronously; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
