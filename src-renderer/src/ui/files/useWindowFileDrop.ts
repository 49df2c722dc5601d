import { useEffect } from 'react';
import { useStore } from '../../store';
import { dropTargetFor, hasDropTargets } from './dropTargets';

const DRAGGING = 'dragging-file';

/** The path of a dropped file, through the bridge (null: not a file on disk, or no bridge). */
function pathOf(file: File): string | null {
  return window.governance?.pathForFile(file) ?? null;
}

/**
 * Accepts a file dropped anywhere on the window: it goes to a file picker of the page (see
 * dropTargets.ts). The browser's own handling (opening the file in place of the app) never
 * happens, and a drop with nowhere to go says so.
 */
export function useWindowFileDrop(): void {
  const pushToast = useStore((s) => s.pushToast);
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = hasDropTargets() ? 'copy' : 'none';
      document.body.classList.add(DRAGGING);
    };
    const onLeave = (event: DragEvent) => {
      // Leaving the window (no element entered next), not just moving between elements.
      if (event.relatedTarget === null) document.body.classList.remove(DRAGGING);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      document.body.classList.remove(DRAGGING);
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      const target = dropTargetFor(event.target);
      if (!target) {
        pushToast({ kind: 'info', title: 'Nothing takes a file here', message: 'Open the Integrity page to verify or import a file.' });
        return;
      }
      const path = pathOf(file);
      if (!path) {
        pushToast({
          kind: 'error',
          code: 'FILE_ERROR',
          title: 'Dropped file',
          message: `“${file.name}” has no path on this computer (dragged from a web page?): save it to disk first, or type its path.`,
        });
        return;
      }
      target.accept(path);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [pushToast]);
}
