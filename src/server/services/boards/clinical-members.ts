import { CLINICAL_ROLES } from "@/domain/roles";

/**
 * The memberships of a board's clinicians: who attends meetings, receives agendas and notices, and may own tasks.
 * Researchers are board members only to scope the dataset they analyse; agendas and notices carry patient names, so
 * they never go to them.
 */
export const CLINICAL_MEMBERSHIP = { user: { role: { in: [...CLINICAL_ROLES] } } };

/** The same condition on a user. */
export const CLINICAL_USER = { role: { in: [...CLINICAL_ROLES] } };
