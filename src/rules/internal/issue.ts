/**
 * Turns a Schema issue into a `RuleLoadError` that names one bad node.
 *
 * Decoding a recursive union reports every member that failed; the member the
 * author meant is the one whose keys the input uses most (`all`, `any`, `not`,
 * `condition` or `fact`/`operator`/`value`), so that member's issue is
 * followed, down to the first leaf issue.
 *
 * @internal
 */
import { SchemaAST, SchemaIssue } from "effect"
import { RuleLoadError } from "../RuleLoadError.ts"
import { formatPath, showValue } from "./path.ts"

type Segment = string | number

const formatter = SchemaIssue.makeFormatterDefault()

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const memberKeys = (ast: SchemaAST.AST): ReadonlyArray<string> => {
  if (ast._tag === "Objects") return ast.propertySignatures.map((p) => String(p.name))
  if (ast._tag === "Suspend") return memberKeys(ast.thunk())
  return []
}

const overlap = (issue: SchemaIssue.Issue, input: unknown): number => {
  if (!isRecord(input)) return 0
  if (issue._tag !== "Composite" && issue._tag !== "InvalidType") return 0
  const keys = memberKeys(issue.ast)
  let n = 0
  for (const k of keys) if (Object.hasOwn(input, k)) n++
  return n
}

const describeUnion = (ast: SchemaAST.AST): string => {
  if (ast._tag === "Union") {
    const parts = ast.types.map((t) => {
      const keys = memberKeys(t)
      return keys.length > 0 ? `{ ${keys.join(", ")} }` : undefined
    })
    if (parts.every((p) => p !== undefined)) return `one of ${parts.join(" | ")}`
  }
  return ""
}

interface Found {
  readonly path: ReadonlyArray<Segment>
  readonly expected: string
  readonly actual: unknown
  readonly hasActual: boolean
}

const walk = (issue: SchemaIssue.Issue, input: unknown, path: ReadonlyArray<Segment>): Found => {
  switch (issue._tag) {
    case "Pointer": {
      let value: unknown = input
      const next = [...path]
      for (const key of issue.path) {
        const seg = typeof key === "number" ? key : String(key)
        next.push(seg)
        value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[seg] : undefined
      }
      return walk(issue.issue, value, next)
    }
    case "Composite":
      return walk(issue.issues[0], input, path)
    case "AnyOf": {
      if (issue.issues.length === 0) {
        const described = describeUnion(issue.ast)
        return {
          path,
          expected: described === "" ? leafMessage(issue) : described,
          actual: input,
          hasActual: true
        }
      }
      let best = issue.issues[0]!
      let bestScore = overlap(best, input)
      for (const candidate of issue.issues) {
        const score = overlap(candidate, input)
        if (score > bestScore) {
          best = candidate
          bestScore = score
        }
      }
      if (bestScore === 0 && isRecord(input)) {
        const described = describeUnion(issue.ast)
        if (described !== "") return { path, expected: described, actual: input, hasActual: true }
      }
      return walk(best, input, path)
    }
    case "UnexpectedKey": {
      const key = path.length > 0 ? path[path.length - 1] : undefined
      return {
        path,
        expected: `no key ${JSON.stringify(key)} here (unknown key, or a second kind of node in one object)`,
        actual: undefined,
        hasActual: false
      }
    }
    case "MissingKey":
      return { path, expected: "a value (required key is missing)", actual: undefined, hasActual: false }
    default:
      return { path, expected: leafMessage(issue), actual: input, hasActual: true }
  }
}

const leafMessage = (issue: SchemaIssue.Issue): string => {
  const text = formatter(issue).split("\n")[0] ?? ""
  return text.replace(/^Expected /, "")
}

/**
 * @internal
 */
export const issueToLoadError = (
  issue: SchemaIssue.Issue,
  input: unknown,
  ruleId: string,
  base: string
): RuleLoadError => {
  const found = walk(issue, input, [])
  return new RuleLoadError({
    ruleId,
    path: formatPath(base, found.path),
    expected: found.expected,
    ...(found.hasActual ? { actual: showValue(found.actual) } : {})
  })
}
