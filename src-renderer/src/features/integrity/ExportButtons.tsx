import { callOrToast } from '../../api/callOrToast';
import { download } from '../../ui/download';

/** Saves a finished judgement's report, as JSON (what govcon … --json prints) or as a self-contained HTML page. */
export function ExportButtons({ jobId }: { jobId: string }): React.JSX.Element {
  const save = async (format: 'json' | 'html') => {
    const file = await callOrToast('integrity/report', { jobId, format });
    if (file) download(file);
  };
  return (
    <span className="actions">
      <button type="button" onClick={() => void save('json')}>
        Export JSON
      </button>
      <button type="button" onClick={() => void save('html')}>
        Export HTML report
      </button>
    </span>
  );
}
