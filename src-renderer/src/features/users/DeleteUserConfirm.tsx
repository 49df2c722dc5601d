import type { DeleteUserPreview } from '../../../../src-main/shared/model/users';
import { callOrToast } from '../../api/callOrToast';

/**
 * What deleting the user takes with it, and the confirmation. The key count confirmed goes with
 * the delete: if it changed meanwhile, main refuses.
 */
export function DeleteUserConfirm(props: { preview: DeleteUserPreview; onDeleted(): void; onCancel(): void }): React.JSX.Element {
  const { preview, onDeleted, onCancel } = props;
  const confirm = async () => {
    const done = await callOrToast('users/delete', { id: preview.user.id, confirmKeyCount: preview.keyCount });
    if (done) onDeleted();
  };
  return (
    <div className="confirm" role="dialog" aria-label="Confirm delete">
      <p>{preview.confirmation}</p>
      {preview.canDelete ? (
        <button type="button" className="danger" onClick={() => void confirm()}>
          Delete {preview.user.email}
        </button>
      ) : (
        <p className="warning">{preview.blockedReason}</p>
      )}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
