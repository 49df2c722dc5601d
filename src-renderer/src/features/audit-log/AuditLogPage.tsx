import { Placeholder } from '../../ui/Placeholder';

export function AuditLogPage(): React.JSX.Element {
  return <Placeholder title="Audit Log" plan="Browse millions of audit entries with filters and a detail drawer." />;
}
