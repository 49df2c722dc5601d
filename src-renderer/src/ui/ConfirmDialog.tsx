import { useCallback, useEffect, useRef, useState } from 'react';

export interface ConfirmRequest {
  title: string;
  /** What will happen, counts included ("65 users lose access; their 80 keys stop working"). */
  message: React.ReactNode;
  /** The confirming button says what it does and to how many: "Disable 65 users". */
  confirmLabel: string;
  danger?: boolean;
}

interface ConfirmDialogProps extends ConfirmRequest {
  onAnswer(confirmed: boolean): void;
}

/**
 * Asks before a bulk or destructive action: a modal dialog naming what will change and how many.
 * Cancel has the focus at first (Enter does not confirm by accident); Escape cancels, and only
 * cancels (a drawer behind it stays open).
 */
export function ConfirmDialog({ title, message, confirmLabel, danger, onAnswer }: ConfirmDialogProps): React.JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    cancel.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      className="confirm-dialog"
      aria-label={title}
      ref={dialog}
      onCancel={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onAnswer(false);
      }}
    >
      <h2>{title}</h2>
      <div className="confirm-message">{message}</div>
      <div className="actions">
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={() => onAnswer(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** `await confirm({...})` from an event handler; render `dialog` where the component renders. */
export function useConfirm(): { confirm(request: ConfirmRequest): Promise<boolean>; dialog: React.ReactNode } {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve(answer: boolean): void } | null>(null);
  const confirm = useCallback((request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ request, resolve })), []);
  const dialog = pending && (
    <ConfirmDialog
      {...pending.request}
      onAnswer={(answer) => {
        setPending(null);
        pending.resolve(answer);
      }}
    />
  );
  return { confirm, dialog };
}
