/** A user by id (UUID) or by email (matched case-insensitively, see domains/users resolveUser). */
export type UserRef = { id: string } | { email: string };
