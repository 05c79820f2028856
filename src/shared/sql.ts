/** `%`, `_` and `\` in a search term are literal characters, not LIKE wildcards. */
export const escapeLike = (term: string) => term.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * A UTC DATETIME(3) literal for a raw query's replacements: a Date passed as a replacement loses its milliseconds
 * on the way to MySQL, which makes comparisons with DATETIME(3) columns off by up to a second.
 */
export const toDateTime3 = (date: Date) => date.toISOString().slice(0, 23).replace('T', ' ');
