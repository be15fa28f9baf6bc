/**
 * The one tokenizer used both to index sessions and to turn preferences into
 * query terms, so a query term and an indexed term compare equal.
 *
 * @internal
 */
const stopWords = new Set([
  "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "into", "is", "it", "of", "on",
  "or", "the", "this", "to", "we", "what", "with", "you", "your"
])

/** lower-cased runs of letters and digits, without stop words and 1-letter terms */
export const terms = (text: string): Array<string> =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !stopWords.has(t))

/** MiniSearch `tokenize`: split only (terms are processed by {@link processTerm}) */
export const tokenize = (text: string): Array<string> => text.split(/[^\p{L}\p{N}]+/u)

/** MiniSearch `processTerm`: the same normalisation as {@link terms} */
export const processTerm = (term: string): string | null => {
  const t = term.toLowerCase()
  return t.length > 1 && !stopWords.has(t) ? t : null
}
