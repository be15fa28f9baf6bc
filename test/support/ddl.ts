/**
 * Reading the migrations' DDL text without a database: the CREATE TABLE
 * statements split into columns and table constraints, for tests that compare
 * Table definitions with the DDL they mirror.
 */
import type * as Table from "../../src/storage/Table.ts"

export const stripComments = (sql: string) => sql.replace(/--[^\n]*/g, "")

/** Splits on commas that are not inside parentheses or string literals. */
export const splitTopLevel = (body: string): Array<string> => {
  const parts: Array<string> = []
  let depth = 0
  let quoted = false
  let current = ""
  for (const ch of body) {
    if (ch === "'") quoted = !quoted
    if (!quoted && ch === "(") depth++
    if (!quoted && ch === ")") depth--
    if (!quoted && depth === 0 && ch === ",") {
      parts.push(current.trim())
      current = ""
    } else {
      current += ch
    }
  }
  if (current.trim() !== "") parts.push(current.trim())
  return parts
}

export interface DdlColumn {
  readonly name: string
  readonly definition: string
}

export interface DdlTable {
  readonly schema: string
  readonly name: string
  readonly columns: ReadonlyArray<DdlColumn>
  readonly constraints: ReadonlyArray<string>
}

const createTable = /^\s*CREATE TABLE (?:IF NOT EXISTS )?(?:(\w+)\.)?(\w+)\s*\(([\s\S]*)\)\s*$/i
const tableConstraint = /^(CONSTRAINT|UNIQUE|PRIMARY\s+KEY|CHECK|FOREIGN\s+KEY|EXCLUDE)\b/i

const alterAddColumn = /^\s*ALTER TABLE (?:(\w+)\.)?(\w+)\s+ADD COLUMN\s+([\s\S]*?)\s*$/i

/**
 * The tables `statements` create, parsed: each CREATE TABLE, with the
 * columns later `ALTER TABLE ... ADD COLUMN` statements append.
 */
export const parseTables = (statements: ReadonlyArray<string>): ReadonlyArray<DdlTable> => {
  const tables: Array<{ schema: string; name: string; columns: Array<DdlColumn>; constraints: Array<string> }> = []
  for (const statement of statements) {
    const sql = stripComments(statement)
    const match = createTable.exec(sql)
    if (match !== null) {
      const parts = splitTopLevel(match[3]!)
      tables.push({
        schema: match[1] ?? "public",
        name: match[2]!,
        columns: parts.filter((p) => !tableConstraint.test(p)).map((p) => ({ name: p.split(/\s+/)[0]!, definition: p })),
        constraints: parts.filter((p) => tableConstraint.test(p))
      })
      continue
    }
    const added = alterAddColumn.exec(sql)
    if (added === null) continue
    const table = tables.find((t) => t.schema === (added[1] ?? "public") && t.name === added[2])
    if (table === undefined) throw new Error(`ALTER TABLE of a table not created before: ${added[1]}.${added[2]}`)
    table.columns.push({ name: added[3]!.split(/\s+/)[0]!, definition: added[3]! })
  }
  return tables
}

/** The parsed CREATE TABLE of a table; throws when there is none. */
export const ddlOf = (ddlTables: ReadonlyArray<DdlTable>, table: Table.Any): DdlTable => {
  const ddl = ddlTables.find((t) => t.schema === table.schema && t.name === table.name)
  if (ddl === undefined) throw new Error(`no CREATE TABLE for ${table.schema}.${table.name}`)
  return ddl
}
