import { useEffect, useEffectEvent, useRef } from 'react';

interface DrawerProps {
  /** The drawer's accessible name (it is a complementary landmark beside the page). */
  label: string;
  title: React.ReactNode;
  onClose(): void;
  children: React.ReactNode;
}

/**
 * A panel on the right, over the page but not modal: the page stays usable beside it. It takes
 * the focus when it opens and gives it back to whatever had it (the row that opened it) when it
 * closes; Escape closes it from anywhere in the window.
 */
export function Drawer({ label, title, onClose, children }: DrawerProps): React.JSX.Element {
  const panel = useRef<HTMLElement>(null);
  const close = useEffectEvent(onClose);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <aside className="drawer" aria-label={label} tabIndex={-1} ref={panel}>
      <div className="drawer-head">
        <h2>{title}</h2>
        <button type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </aside>
  );
}
