/** `%`, `_` and `\` in a search term are literal characters, not LIKE wildcards. */
export const escapeLike = (term: string) => term.replace(/[\\%_]/g, (char) => `\\${char}`);
