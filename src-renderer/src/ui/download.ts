import type { ReportFile } from '../../../src-main/shared/model/app';

/** Saves a report through the browser's download (Electron shows its save dialog). */
export function download(file: ReportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
