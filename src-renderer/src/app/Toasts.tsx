import { useEffect } from 'react';
import { useStore } from '../store';
import type { Toast } from '../store/types';

const TOAST_MS = 8000;

function ToastItem({ toast }: { toast: Toast }): React.JSX.Element {
  const dismiss = useStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dismiss, toast.id]);
  return (
    <div className={`toast ${toast.kind}`} role="alert" data-code={toast.code}>
      <div className="toast-head">
        {toast.code && <code>{toast.code}</code>} <strong>{toast.title}</strong>
        <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
          ×
        </button>
      </div>
      <div className="toast-body">{toast.message}</div>
    </div>
  );
}

export function Toasts(): React.JSX.Element {
  const toasts = useStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
