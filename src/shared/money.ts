/** Money crosses the edges as dollars (JSON numbers, DECIMAL(10,2)) and is computed in integer cents. */
export const toCents = (dollars: number): number => Math.round(dollars * 100);

export const fromCents = (cents: number): number => cents / 100;

/** The largest amount a DECIMAL(10,2) column holds. */
export const MAX_AMOUNT_CENTS = 9_999_999_999;
