import { useState } from 'react';
import type { AuditOrder, AuditView } from '../../../../src-main/shared/model/audit-log';
import { callOrToast } from '../../api/callOrToast';
import { useCall } from '../../api/useCall';

interface ViewsMenuProps {
  current: { filter: string; columns: string[]; order: AuditOrder };
  onApply(view: AuditView): void;
}

/** Saved views of this connection: pick one, save what is shown under a name, delete one. */
export function ViewsMenu({ current, onApply }: ViewsMenuProps): React.JSX.Element {
  const { value: views, reload } = useCall('audit/views', {});
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const list = views ?? [];
  return (
    <div className="filters audit-views">
      <label>
        Saved view
        <select
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            const view = list.find((v) => v.id === e.target.value);
            if (view) onApply(view);
          }}
        >
          <option value="">{list.length ? 'choose a view' : 'no saved views yet'}</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!chosen}
        onClick={() =>
          void callOrToast('audit/delete-view', { id: chosen }).then(() => {
            setChosen('');
            reload();
          })
        }
      >
        Delete view
      </button>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void callOrToast('audit/save-view', { name: name.trim(), ...current }).then((saved) => {
            if (!saved) return;
            setName('');
            setChosen(saved.id);
            reload();
          });
        }}
      >
        <label>
          Save as
          <input type="text" value={name} maxLength={100} placeholder="view name" onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Save view
        </button>
      </form>
    </div>
  );
}
