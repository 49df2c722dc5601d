import { useEffect, useId, useRef } from 'react';
import { tryCall } from '../../api/callOrToast';
import { markUsed, registerDropTarget, type DropTarget } from './dropTargets';

/** The service's audit log (logs/audit.jsonl), or any file. */
export const AUDIT_LOG_FILES = [
  { name: 'Audit log (JSON lines)', extensions: ['jsonl'] },
  { name: 'All files', extensions: ['*'] },
];

export interface FilePickerProps {
  /** The field's label (its accessible name). */
  label: string;
  value: string;
  onChange(path: string): void;
  /** The dialog's title and the file types it offers. */
  dialogTitle: string;
  filters?: Array<{ name: string; extensions: string[] }>;
  placeholder?: string;
  required?: boolean;
}

/**
 * A file for the main process to read: chosen with the shell's dialog (Choose file…), dropped on
 * the window, or typed as a path (the fallback). The main process reads it; the window only
 * holds its path.
 */
export function FilePicker({ label, value, onChange, dialogTitle, filters, placeholder, required }: FilePickerProps): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const hint = useId();
  const target = useRef<DropTarget | null>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    const me: DropTarget = { element: box.current!, label, accept: (path) => latest.current(path) };
    target.current = me;
    return registerDropTarget(me);
  }, [label]);
  const used = () => target.current && markUsed(target.current);
  const choose = async () => {
    used();
    const chosen = await tryCall('dialog/open-file', { title: dialogTitle, filters });
    if (chosen.ok && chosen.value.path) onChange(chosen.value.path);
  };
  return (
    <div className="file-picker" ref={box} data-file-picker={label}>
      <label>
        {label}{' '}
        <input
          className="wide"
          required={required}
          value={value}
          placeholder={placeholder}
          aria-describedby={hint}
          onFocus={used}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <div className="file-picker-actions">
        <button type="button" onClick={() => void choose()}>
          Choose file…
        </button>
        <span id={hint} className="note">
          or drop the file on the window, or type its full path
        </span>
      </div>
    </div>
  );
}
