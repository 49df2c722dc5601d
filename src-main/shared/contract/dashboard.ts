/** The dashboard's cards: the service's four views and the integrity panel, each read on request. */
import { z } from 'zod';
import type {
  DashboardCard,
  DragModeRow,
  IntegrityStatus,
  RecentGovernanceRow,
  UserActivityCard,
  WorkflowSuccessRow,
} from '../model/dashboard';
import { none, returns } from './common';

export const dashboardChannels = {
  'dashboard/success-rate': { input: none, output: returns<DashboardCard<WorkflowSuccessRow>>() },
  'dashboard/drag-modes': { input: none, output: returns<DashboardCard<DragModeRow>>() },
  'dashboard/user-activity': {
    input: z.object({ limit: z.number().int().min(1).max(100).optional() }).strict(),
    output: returns<UserActivityCard>(),
  },
  'dashboard/recent': { input: none, output: returns<DashboardCard<RecentGovernanceRow>>() },
  'dashboard/integrity': { input: none, output: returns<IntegrityStatus>() },
} as const;
