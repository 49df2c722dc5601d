import type { UserRole } from '../../../../src-main/shared/model/users';

/** The five roles the users table allows (users_role_check). */
export const ROLES: readonly UserRole[] = ['user', 'admin', 'sre', 'developer', 'auditor'];
