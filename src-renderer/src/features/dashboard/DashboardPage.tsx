import { Placeholder } from '../../ui/Placeholder';

export function DashboardPage(): React.JSX.Element {
  return <Placeholder title="Dashboard" plan="Success rates, DRAG-mode distribution and user activity from the service's views." />;
}
