import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { matching, paletteCommands } from './commands';

/**
 * Ctrl/⌘+K: every page and action by name. A modal dialog with a combobox: typing narrows the
 * list, arrow keys move, Enter runs, Escape closes (and the focus goes back where it was).
 */
export function CommandPalette(): React.JSX.Element | null {
  const open = useStore((s) => s.paletteOpen);
  return open ? <Palette /> : null;
}

function Palette(): React.JSX.Element {
  const setOpen = useStore((s) => s.setPaletteOpen);
  const state = useStore();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const commands = useMemo(() => matching(paletteCommands(state), text), [state, text]);
  const current = Math.min(active, commands.length - 1);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const close = () => setOpen(false);
  const run = (index: number) => {
    const command = commands[index];
    if (!command || command.disabledReason) return;
    close();
    command.run();
  };
  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + commands.length) % Math.max(commands.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(current);
    } else if (event.key === 'Escape') {
      // The dialog's own cancel would close it behind React's back; closing through state keeps them in step.
      event.preventDefault();
      close();
    }
  };

  return (
    <dialog className="palette" aria-label="Command palette" ref={dialog} onCancel={(e) => e.preventDefault()} onClose={close}>
      <input
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={commands[current] ? `${listId}-${current}` : undefined}
        placeholder="Type a page or an action…"
        autoFocus
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <ul id={listId} role="listbox" aria-label="Commands">
        {commands.map((command, index) => (
          <li
            key={command.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === current}
            aria-disabled={command.disabledReason ? true : undefined}
            className={index === current ? 'active' : undefined}
            onMouseEnter={() => setActive(index)}
            onClick={() => run(index)}
          >
            {command.label}
            {command.disabledReason && <span className="muted"> — {command.disabledReason}</span>}
          </li>
        ))}
        {commands.length === 0 && (
          <li role="option" aria-selected="false" aria-disabled="true" className="muted">
            Nothing matches “{text}”.
          </li>
        )}
      </ul>
      <p className="note">↑↓ to choose, Enter to run, Escape to close.</p>
    </dialog>
  );
}
