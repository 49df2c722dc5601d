export { USER_ROLES as ROLES } from '../../../../src-main/shared/model/vocabulary';
