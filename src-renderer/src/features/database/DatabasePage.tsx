import { useCallback } from 'react';
import { useCall } from '../../api/useCall';
import { EmptyData } from '../../ui/EmptyData';
import { AuditorRoleCard } from './AuditorRoleCard';
import { BackupCard } from './BackupCard';
import { HardenCard } from './HardenCard';
import { HealthProbeCard } from './HealthProbeCard';
import { MigrationsCard } from './MigrationsCard';
import { StatusCard } from './StatusCard';
import { TablesCard } from './TablesCard';

/** Live pool and health figures; the table counts are read again only on Refresh. */
const STATUS_REFRESH_MS = 5000;

export function DatabasePage(): React.JSX.Element {
  const { value: status, reload: reloadStatus } = useCall('db/status', {}, STATUS_REFRESH_MS);
  const { value: tables, reload: reloadTables } = useCall('db/tables', {});
  const refresh = useCallback(() => {
    reloadStatus();
    reloadTables();
  }, [reloadStatus, reloadTables]);
  return (
    <section>
      <h1>Database</h1>
      <div className="actions">
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      {status && <StatusCard status={status} />}
      {status && <MigrationsCard status={status} onDone={refresh} />}
      {status?.migrations.state === 'managed' && tables?.some((t) => t.name === 'audit_logs' && t.rows === 0 && !t.estimated) && (
        <EmptyData what="The schema is in place." onLoaded={refresh} />
      )}
      <TablesCard tables={tables} />
      <HealthProbeCard />
      {status && <AuditorRoleCard readOnly={status.server.readOnly} />}
      {status && <HardenCard readOnly={status.server.readOnly} />}
      {status?.migrations.state === 'managed' && <BackupCard />}
    </section>
  );
}
