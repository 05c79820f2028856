import type { Request } from 'express';
import { getConfig, SEARCH_MODES } from '../../config/env';
import type { SearchMode } from '../../config/env';
import { escapeLike } from '../../shared/sql';

// InnoDB's default full-text stopwords and minimum token length: such words are never in the index.
const FULLTEXT_MIN_LENGTH = 3;
const FULLTEXT_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);

/**
 * The characters after which prefix mode sees a word of a product name begin (besides the start of the name).
 * FULLTEXT starts a word after any character that is not a letter, a digit or `_`; LIKE cannot say "any", so
 * these are the ones product names use. None is a LIKE wildcard.
 */
const WORD_SEPARATORS = [' ', '-', '/', '(', '[', '.', ',', '&', '+', '"', "'"] as const;

/**
 * The words of `q` that both modes search for: runs of letters and digits, as FULLTEXT splits them, without those
 * the index cannot hold (shorter than 3 characters, stopwords). Prefix mode drops the same words, so that both
 * modes answer a query alike.
 */
function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= FULLTEXT_MIN_LENGTH && !FULLTEXT_STOPWORDS.has(word));
}

export interface SearchCondition {
  sql: string;
  replacements: Record<string, string>;
}

/**
 * `q` as a condition on `p.product_name`: every word of it must start a word of the name ("cot shi" finds "Cotton
 * Shirt"), ignoring case. `fulltext`: MATCH ... AGAINST '+cot* +shi*' on the FULLTEXT index, at any catalog size.
 * `prefix`: per word, LIKE 'cot%' or LIKE '% cot%' (and the other separators), ANDed; it scans the table, with no
 * index a cluster without FULLTEXT could use. In both modes, a `q` with no word the index could hold (only short
 * words or stopwords) matches the start of the whole name, served by the product_name index.
 */
export function searchCondition(q: string, mode: SearchMode): SearchCondition {
  const words = searchWords(q);
  if (words.length === 0) {
    return { sql: 'p.product_name LIKE :q_prefix', replacements: { q_prefix: `${escapeLike(q)}%` } };
  }
  if (mode === 'fulltext') {
    return {
      sql: 'MATCH (p.product_name) AGAINST (:q_match IN BOOLEAN MODE)',
      replacements: { q_match: words.map((word) => `+${word}*`).join(' ') },
    };
  }
  const replacements: Record<string, string> = {};
  const perWord = words.map((word, w) => {
    const literal = escapeLike(word);
    const patterns = [`${literal}%`, ...WORD_SEPARATORS.map((separator) => `%${separator}${literal}%`)];
    const alternatives = patterns.map((pattern, p) => {
      replacements[`q_word_${w}_${p}`] = pattern;
      return `p.product_name LIKE :q_word_${w}_${p}`;
    });
    return `(${alternatives.join(' OR ')})`;
  });
  return { sql: perWord.join(' AND '), replacements };
}

/** The Express setting under which an app keeps its search mode (createApp's `searchMode`, else SEARCH_MODE). */
export const SEARCH_MODE_SETTING = 'search mode';

const isSearchMode = (value: unknown): value is SearchMode => SEARCH_MODES.some((mode) => mode === value);

/** The search mode of the app serving `req`. */
export function searchModeOf(req: Request): SearchMode {
  const mode: unknown = req.app.get(SEARCH_MODE_SETTING);
  return isSearchMode(mode) ? mode : getConfig().searchMode;
}
