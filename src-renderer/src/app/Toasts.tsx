import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import type { Toast } from '../store/types';
import { NEXT_STEPS } from './nextSteps';

/** Information goes by itself after a while; errors stay until dismissed or resolved. */
const INFO_MS = 8000;

function ToastItem({ toast }: { toast: Toast }): React.JSX.Element {
  const dismiss = useStore((s) => s.dismissToast);
  const navigate = useStore((s) => s.navigate);
  useEffect(() => {
    if (toast.kind === 'error') return;
    const timer = setTimeout(() => dismiss(toast.id), INFO_MS);
    return () => clearTimeout(timer);
  }, [dismiss, toast.id, toast.kind]);
  const next = toast.kind === 'error' && toast.code ? NEXT_STEPS[toast.code as keyof typeof NEXT_STEPS] : undefined;
  return (
    <div className={`toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-code={toast.code}>
      <div className="toast-head">
        {toast.code && <code>{toast.code}</code>} <strong>{toast.title}</strong>
        <button type="button" aria-label={`Dismiss: ${toast.title}`} onClick={() => dismiss(toast.id)}>
          ×
        </button>
      </div>
      <div className="toast-body">{toast.message}</div>
      {next && (
        <div className="toast-next" data-testid="toast-next">
          {next.hint && <span>{next.hint}</span>}
          {next.open && (
            <button type="button" className="link" onClick={() => navigate(next.open!.route)}>
              {next.open.label}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The messages, in a band of their own between the page and the status bar: they push the page
 * up instead of covering it, so no control or column is ever hidden behind one. The band's
 * height is published as --toasts-height for the drawer, which must end above it.
 */
export function Toasts(): React.JSX.Element {
  const toasts = useStore((s) => s.toasts);
  const dismissAll = useStore((s) => s.dismissAllToasts);
  const band = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = band.current;
    if (!element) return;
    const publish = () => document.documentElement.style.setProperty('--toasts-height', `${element.offsetHeight}px`);
    const observer = new ResizeObserver(publish);
    observer.observe(element);
    publish();
    return () => observer.disconnect();
  }, []);
  return (
    <section className="toasts" aria-label="Messages" ref={band}>
      <div aria-live="polite">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
      {toasts.length > 1 && (
        <button type="button" className="toasts-clear" onClick={dismissAll}>
          Dismiss all {toasts.length} messages
        </button>
      )}
    </section>
  );
}
