/** The `core.saveState` key holding TXT records created but not yet removed. */
export const PENDING_RECORDS_STATE = 'pending-records';
