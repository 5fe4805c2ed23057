/**
 * The shape of a task id (nhiệm vụ, NV-01) and an indicator id (chỉ tiêu, CT-01), as the plan
 * numbers them: one definition for the plan import, the API paths and the messages, so that an
 * id one of them accepts is never refused by another.
 */
export const TASK_ID = /^NV-\d{2,4}$/;
export const INDICATOR_ID = /^CT-\d{2,4}$/;
/** An agency's code in the plan (SO-TC, P-HOANKIEM). */
export const AGENCY_CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
