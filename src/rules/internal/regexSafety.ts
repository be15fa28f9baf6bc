/**
 * A conservative check that a regular expression cannot backtrack
 * catastrophically. It rejects (the message says which):
 *
 * - patterns longer than {@link maxPatternLength} characters;
 * - backreferences (`\1`..`\9`, `\k<name>`);
 * - nested repetition: a group repeated more than once (`*`, `+`, `{n,}`,
 *   `{n,m}` with m > 1) that contains a repetition (`(a+)+`, `(a*)*`,
 *   `(\w+\s?)*`, `(a{2,3}){2,}`);
 * - alternation inside a repeated group (`(a|a)*`, `(a|ab)+`): write a
 *   character class (`[ab]*`) instead;
 * - two adjacent unbounded repetitions that may match the same character
 *   (`.*.*`, `\w+\d+`, `a*a*`), which backtrack polynomially; literal
 *   characters that differ, and `\s` next to `\d` or `\w`, count as disjoint;
 * - flags other than `i`, `m`, `s`, `u` (`g` and `y` make `test` stateful);
 * - anything `new RegExp` rejects.
 *
 * It accepts some patterns that are safe and rejects some that are too; it
 * never claims a pattern with the shapes above is safe.
 *
 * @internal
 */

/**
 * @internal
 */
export const maxPatternLength = 256

interface Atom {
  /** a description of what one repetition can match, for adjacency checks */
  readonly kind: "char" | "class" | "group"
  readonly text: string
  /** the atom contains a repetition with max > 1 */
  readonly repeats: boolean
  /** the atom contains alternation */
  readonly alternation: boolean
}

interface Item {
  readonly atom: Atom
  /** maximum repetition count of the quantifier (1 when none) */
  readonly max: number
}

/**
 * Returns undefined when the pattern is accepted, otherwise why it is not.
 *
 * @internal
 */
export const check = (pattern: string, flags: string): string | undefined => {
  if (pattern.length > maxPatternLength) return `a pattern of at most ${maxPatternLength} characters`
  for (const f of flags) {
    if (!"imsu".includes(f)) return `flags among "imsu" (got ${JSON.stringify(flags)})`
  }
  if (new Set(flags).size !== flags.length) return `flags without repeats (got ${JSON.stringify(flags)})`
  try {
    new RegExp(pattern, flags)
  } catch (e) {
    return `a valid regular expression (${e instanceof Error ? e.message : String(e)})`
  }
  const parser = new Parser(pattern)
  try {
    parser.sequence(0)
  } catch (e) {
    if (e instanceof Unsafe) return e.reason
    throw e
  }
  return undefined
}

class Unsafe {
  constructor(readonly reason: string) {}
}

const overlapping = (a: Atom, b: Atom): boolean => {
  if (a.kind === "char" && b.kind === "char") return a.text === b.text
  const pair = new Set([a.text, b.text])
  if (pair.has("\\s") && (pair.has("\\d") || pair.has("\\w"))) return false
  return true
}

class Parser {
  i = 0
  constructor(readonly src: string) {}

  /** parses alternatives until ')' or end; returns the combined atom facts */
  sequence(depth: number): { repeats: boolean; alternation: boolean } {
    let repeats = false
    let alternation = false
    let items: Array<Item> = []
    const src = this.src
    while (this.i < src.length) {
      const c = src[this.i]!
      if (c === ")") {
        if (depth === 0) throw new Unsafe("balanced parentheses")
        break
      }
      if (c === "|") {
        alternation = true
        this.i++
        items = []
        continue
      }
      const atom = this.atom(depth)
      if (atom === undefined) continue
      const max = this.quantifier()
      if (max > 1) {
        if (atom.repeats) {
          throw new Unsafe(
            `no nested repetition (a repeated group contains a repetition near offset ${this.i}: catastrophic backtracking)`
          )
        }
        if (atom.alternation) {
          throw new Unsafe(
            `no alternation inside a repeated group (near offset ${this.i}); use a character class such as [ab]* instead`
          )
        }
        repeats = true
      }
      if (atom.repeats) repeats = true
      if (atom.alternation) alternation = true
      const prev = items[items.length - 1]
      if (prev !== undefined && prev.max === Infinity && max === Infinity && overlapping(prev.atom, atom)) {
        throw new Unsafe(
          `no adjacent unbounded repetitions that can match the same characters (near offset ${this.i}: polynomial backtracking)`
        )
      }
      items.push({ atom, max })
    }
    return { repeats, alternation }
  }

  atom(depth: number): Atom | undefined {
    const src = this.src
    const c = src[this.i]!
    if (c === "(") {
      this.i++
      if (src[this.i] === "?") {
        // (?: (?= (?! (?<= (?<! (?<name>
        this.i++
        const d = src[this.i]
        if (d === "<" && src[this.i + 1] !== "=" && src[this.i + 1] !== "!") {
          const end = src.indexOf(">", this.i)
          this.i = end + 1
        } else if (d === "<") {
          this.i += 2
        } else {
          this.i++
        }
      }
      const inner = this.sequence(depth + 1)
      this.i++ // ')'
      return { kind: "group", text: "(", ...inner }
    }
    if (c === "[") {
      const start = this.i
      this.i++
      if (src[this.i] === "^") this.i++
      if (src[this.i] === "]") this.i++
      while (this.i < src.length && src[this.i] !== "]") {
        if (src[this.i] === "\\") this.i++
        this.i++
      }
      this.i++
      return { kind: "class", text: src.slice(start, this.i), repeats: false, alternation: false }
    }
    if (c === "\\") {
      const d = src[this.i + 1] ?? ""
      if (d >= "1" && d <= "9") throw new Unsafe("no backreferences (\\1..\\9)")
      if (d === "k" && src[this.i + 2] === "<") throw new Unsafe("no backreferences (\\k<name>)")
      this.i += 2
      if (d === "b" || d === "B") return undefined
      if ("dDwWsS".includes(d)) return { kind: "class", text: `\\${d}`, repeats: false, alternation: false }
      if (d === "u" || d === "x" || d === "p" || d === "P" || d === "c") {
        // consume the escape's payload conservatively as a class
        if (src[this.i] === "{") this.i = src.indexOf("}", this.i) + 1
        else this.i += d === "u" ? 4 : d === "x" ? 2 : d === "c" ? 1 : 0
        return { kind: "class", text: `\\${d}`, repeats: false, alternation: false }
      }
      return { kind: "char", text: d, repeats: false, alternation: false }
    }
    if (c === "^" || c === "$") {
      this.i++
      return undefined
    }
    this.i++
    if (c === ".") return { kind: "class", text: ".", repeats: false, alternation: false }
    return { kind: "char", text: c, repeats: false, alternation: false }
  }

  /** consumes a quantifier and returns its maximum count (1 when none) */
  quantifier(): number {
    const src = this.src
    const c = src[this.i]
    let max = 1
    if (c === "*" || c === "+") {
      this.i++
      max = Infinity
    } else if (c === "?") {
      this.i++
      max = 1
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.i))
      if (m === null) return 1
      this.i += m[0].length
      max = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3])
    } else {
      return 1
    }
    if (src[this.i] === "?") this.i++ // lazy
    return max
  }
}
