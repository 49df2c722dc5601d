import { useCallback, useState } from 'react';
import { usePageCommands } from '../../ui/usePageCommands';
import { IntegrityPanel } from './IntegrityPanel';
import { DragModeCard, RecentCard, SuccessRateCard, UserActivityCard } from './ViewCards';

/**
 * The service's four views as charts and tables, each saying when it was read and whether the rows
 * it summarises are verified, under the integrity panel. Every card reads its own view; Refresh all
 * reads them all again.
 */
export function DashboardPage(): React.JSX.Element {
  const [all, setAll] = useState(0);
  const refreshAll = useCallback(() => setAll((n) => n + 1), []);
  usePageCommands([{ id: 'dashboard:refresh', label: 'Refresh the dashboard', run: refreshAll }]);
  return (
    <section>
      <div className="page-head">
        <h1>Dashboard</h1>
        <button type="button" onClick={refreshAll}>
          Refresh all
        </button>
      </div>
      <div className="dashboard">
        <IntegrityPanel all={all} onDataLoaded={refreshAll} />
        <SuccessRateCard all={all} />
        <DragModeCard all={all} />
        <UserActivityCard all={all} />
        <RecentCard all={all} />
      </div>
    </section>
  );
}
