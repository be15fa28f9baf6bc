/**
 * Without a database: the Table definitions of the core, event and seed-000
 * domains against the DDL text of migrations 0001–0003. For every table the
 * CREATE TABLE statement is parsed (column names, types, nullability, defaults,
 * inline CHECKs) and compared with the Table's columns; the seed's indexes and
 * business constraints, the agent-type registry, foreign-key order, FK indexes
 * and `updated_at` triggers are checked too.
 */
import { describe, expect, it } from "@effect/vitest"
import type * as Column from "../../src/storage/Column.ts"
import * as M0001 from "../../src/storage/migrations/0001_core.ts"
import * as M0002 from "../../src/storage/migrations/0002_events.ts"
import * as M0003 from "../../src/storage/migrations/0003_events_ai.ts"
import * as M0011 from "../../src/storage/migrations/0011_tenancy.ts"
import * as Core from "../../src/storage/schema/core/index.ts"
import * as Events from "../../src/storage/schema/events/index.ts"
import * as EventsAi from "../../src/storage/schema/eventsAi/index.ts"
import type * as Table from "../../src/storage/Table.ts"
import { ddlOf as ddlOfIn, parseTables, stripComments } from "../support/ddl.ts"

// 0011 adds account_id to the event tables that had no path to an account
const statements = [...M0001.statements, ...M0002.statements, ...M0003.statements, ...M0011.statements.filter((s) => s.startsWith("ALTER TABLE public.") && s.includes("ADD COLUMN account_id"))]
const tables: ReadonlyArray<Table.Any> = [...Core.tables, ...Events.tables, ...EventsAi.tables]

const ddlTables = parseTables(statements)
const ddlOf = (table: Table.Any) => ddlOfIn(ddlTables, table)

/** The column's type as the Column DSL names it. */
const pgTypeOf = (definition: string): { readonly pgType: string; readonly numeric?: readonly [number, number] } => {
  const type = definition.split(/\s+/)[1]!.toUpperCase()
  const numeric = /^(?:DECIMAL|NUMERIC)\((\d+),(\d+)\)$/.exec(type)
  if (numeric) return { pgType: "numeric", numeric: [Number(numeric[1]), Number(numeric[2])] }
  const map: Record<string, string> = {
    UUID: "uuid",
    TEXT: "text",
    INTEGER: "integer",
    BOOLEAN: "boolean",
    JSONB: "jsonb",
    TIMESTAMPTZ: "timestamptz",
    DATE: "date",
    "TEXT[]": "text[]",
    "UUID[]": "uuid[]"
  }
  return { pgType: map[type] ?? `unknown ${type}` }
}

/** The DEFAULT expression: up to the next column keyword at parenthesis depth 0. */
const defaultOf = (definition: string): string | undefined => {
  const at = definition.search(/\sDEFAULT\s/i)
  if (at < 0) return undefined
  const rest = definition.slice(at + " DEFAULT ".length)
  let depth = 0
  let quoted = false
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!
    if (ch === "'") quoted = !quoted
    if (quoted) continue
    if (ch === "(") depth++
    if (ch === ")") depth--
    if (depth === 0 && /^\s(CHECK|REFERENCES|NOT|NULL|PRIMARY|UNIQUE|CONSTRAINT)\b/i.test(rest.slice(i))) {
      return rest.slice(0, i).trim()
    }
  }
  return rest.trim()
}

const literalsOf = (column: Column.Any): ReadonlyArray<string> => {
  const value = column.value as unknown as { readonly literals?: ReadonlyArray<unknown> }
  return Array.isArray(value.literals) ? value.literals.filter((l): l is string => typeof l === "string") : []
}

const columnsOf = (table: Table.Any) => Object.entries(table.columns) as Array<[string, Column.Any]>

describe("events schema: Table definitions agree with migrations 0001-0003", () => {
  it("defines every table of the three domains exactly once, and every CREATE TABLE has a definition", () => {
    const defined = tables.map((t) => `${t.schema}.${t.name}`)
    expect(new Set(defined).size).toBe(defined.length)
    expect([...defined].sort()).toEqual(ddlTables.map((t) => `${t.schema}.${t.name}`).sort())
  })

  it("covers all 17 tables of seed 000, with the two colliding ones in events_ai", () => {
    const seed = EventsAi.tables.filter((t) => t.origin === "seed-000").map((t) => `${t.schema}.${t.name}`)
    expect(seed).toHaveLength(17)
    expect(seed).toContain("events_ai.ai_recommendations")
    expect(seed).toContain("events_ai.ai_model_versions")
    expect(seed).toContain("public.ai_schema_versions")
    expect(seed).toContain("public.user_preferences")
  })

  for (const table of tables) {
    describe(`${table.schema}.${table.name}`, () => {
      it("has the DDL's column names, in order", () => {
        expect(ddlOf(table).columns.map((c) => c.name)).toEqual([...table.columnNames])
      })

      it("has the DDL's types, nullability and defaults", () => {
        const ddl = ddlOf(table)
        for (const [name, column] of columnsOf(table)) {
          const definition = ddl.columns.find((c) => c.name === name)!.definition
          const type = pgTypeOf(definition)
          expect(`${name}: ${type.pgType}`).toBe(`${name}: ${column.pgType}`)
          if (type.numeric) expect([column.numeric?.precision, column.numeric?.scale]).toEqual([...type.numeric])
          const notNull = /\bNOT NULL\b/i.test(definition) || /\bPRIMARY KEY\b/i.test(definition)
          expect(`${name} nullable: ${!notNull}`).toBe(`${name} nullable: ${column.isNullable}`)
          expect(`${name} default: ${defaultOf(definition)}`).toBe(`${name} default: ${column.defaultSql}`)
          expect(column.hasDefault).toBe(column.defaultSql !== undefined)
        }
        expect(table.primaryKey).toBe(ddl.columns.find((c) => /\bPRIMARY KEY\b/i.test(c.definition))?.name)
      })

      it("lists every oneOf literal in the column's CHECK, and only those", () => {
        const ddl = ddlOf(table)
        for (const [name, column] of columnsOf(table)) {
          const literals = literalsOf(column)
          if (literals.length === 0) continue
          const definition = ddl.columns.find((c) => c.name === name)!.definition
          const check = new RegExp(`CHECK\\s*\\(\\s*${name}\\s+IN\\s*\\(([^)]*)\\)`, "i").exec(definition)
          expect(check, `${table.name}.${name} has no CHECK (${name} IN (...))`).not.toBeNull()
          const inDdl = [...check![1]!.matchAll(/'([^']*)'/g)].map((m) => m[1])
          expect([...inDdl].sort()).toEqual([...literals].sort())
        }
      })

      it("describes every inline CHECK on the column", () => {
        const ddl = ddlOf(table)
        for (const [name, column] of columnsOf(table)) {
          const definition = ddl.columns.find((c) => c.name === name)!.definition
          if (/\bCHECK\b/i.test(definition)) {
            expect(column.checkDescription, `${table.name}.${name} has a CHECK in the DDL`).toBeDefined()
          }
        }
      })
    })
  }

  it("lists tables in foreign-key order (every referenced table comes first)", () => {
    const position = new Map(tables.map((t, i) => [`${t.schema}.${t.name}`, i]))
    for (const [index, table] of tables.entries()) {
      const ddl = ddlOf(table)
      for (const column of ddl.columns) {
        for (const match of column.definition.matchAll(/REFERENCES\s+(?:(\w+)\.)?(\w+)\s*\(/gi)) {
          const target = `${match[1] ?? "public"}.${match[2]}`
          const at = position.get(target)
          expect(at, `${table.name}.${column.name} references ${target}`).toBeDefined()
          if (target !== `${table.schema}.${table.name}`) expect(at!).toBeLessThan(index)
        }
      }
    }
  })

  it("indexes every foreign-key column of the core and event tables", () => {
    const sql = statements.map(stripComments).join("\n")
    for (const table of [...Core.tables, ...Events.tables]) {
      const ddl = ddlOf(table)
      const leading = new Set<string>([table.primaryKey])
      for (const c of ddl.constraints) {
        const unique = /UNIQUE\s*\(\s*(\w+)/i.exec(c)
        if (unique) leading.add(unique[1]!)
      }
      for (const m of sql.matchAll(new RegExp(`CREATE (?:UNIQUE )?INDEX \\w+ ON ${table.schema}\\.${table.name}\\s*\\(\\s*(\\w+)`, "gi"))) {
        leading.add(m[1]!)
      }
      for (const column of ddl.columns) {
        if (/\bREFERENCES\b/i.test(column.definition)) {
          expect(leading.has(column.name), `${table.name}.${column.name} is a foreign key without an index`).toBe(true)
        }
      }
    }
  })

  it("creates every index of seed 000 with the seed's name", () => {
    const sql = statements.join("\n")
    for (
      const name of [
        "idx_ai_agent_performance_agent_date",
        "idx_ai_agent_performance_metric",
        "idx_ai_recommendations_user_event",
        "idx_ai_recommendations_type_confidence",
        "idx_ai_recommendations_expires",
        "idx_ai_insights_event_type",
        "idx_ai_insights_confidence_impact",
        "idx_ai_insights_created",
        "idx_ai_predictions_event_type",
        "idx_ai_predictions_horizon",
        "idx_ai_predictions_expires",
        "idx_ai_communications_recipient",
        "idx_ai_communications_status",
        "idx_ai_communications_scheduled",
        "idx_ai_performance_agent_category",
        "idx_ai_performance_timestamp"
      ]
    ) {
      expect(sql).toMatch(new RegExp(`CREATE INDEX ${name} ON `))
    }
  })

  it("adds every business-logic constraint of seed 000 with the seed's name", () => {
    const sql = statements.join("\n")
    expect(sql).toMatch(/ALTER TABLE events_ai\.ai_recommendations ADD CONSTRAINT check_confidence_score\s/)
    expect(sql).toMatch(/ALTER TABLE public\.ai_predictions ADD CONSTRAINT check_prediction_horizon\s/)
    expect(sql).toMatch(/ALTER TABLE public\.ai_training_data ADD CONSTRAINT check_quality_score\s/)
    expect(sql).toMatch(/ALTER TABLE events_ai\.ai_recommendations ADD CONSTRAINT check_feedback_score\s/)
  })

  it("registers exactly the seed's 20 agent types and references them from ai_agents.type", () => {
    const seedTypes = [
      "content", "recommendation", "networking", "analytics", "support", "marketing", "onsite", "sponsorship",
      "feedback", "scheduling", "sales", "procurement", "insights", "engagement", "voice", "behavior",
      "reporting", "hybrid", "emotion", "sustainability"
    ]
    expect(M0003.builtinAgentTypes.map(([name]) => name)).toEqual(seedTypes)
    const insert = M0003.statements.find((s) => s.startsWith("INSERT INTO public.ai_agent_types"))!
    expect([...insert.matchAll(/\('([a-z_]+)', '/g)].map((m) => m[1])).toEqual(seedTypes)
    const type = ddlOf(EventsAi.AiAgents).columns.find((c) => c.name === "type")!.definition
    expect(type).toMatch(/REFERENCES public\.ai_agent_types\(name\)/)
    expect(type).not.toMatch(/\bIN\s*\(/)
  })

  it("records seed schema version 1.0.0", () => {
    expect(M0003.statements.join("\n")).toMatch(
      /INSERT INTO public\.ai_schema_versions \(version, description\)\s+VALUES \('1\.0\.0', 'Initial AI data schema implementation'\)\s+ON CONFLICT DO NOTHING/
    )
  })

  it("attaches the updated_at trigger to every table with updated_at", () => {
    const sql = statements.join("\n")
    expect(M0001.statements[0]).toMatch(/CREATE OR REPLACE FUNCTION public\.ringmaster_touch_updated_at\(\)/)
    for (const table of tables) {
      const has = table.columnNames.includes("updated_at")
      const trigger = new RegExp(`BEFORE UPDATE ON ${table.schema}\\.${table.name} FOR EACH ROW EXECUTE FUNCTION public\\.ringmaster_touch_updated_at\\(\\)`)
      expect(`${table.name}: ${trigger.test(sql)}`).toBe(`${table.name}: ${has}`)
    }
  })

  it("gives every core and event table created_at/updated_at NOT NULL DEFAULT now()", () => {
    for (const table of [...Core.tables, ...Events.tables]) {
      for (const name of ["created_at", "updated_at"]) {
        const column = table.columns[name]
        expect(column, `${table.name}.${name}`).toBeDefined()
        expect([column!.pgType, column!.isNullable, column!.defaultSql]).toEqual(["timestamptz", false, "now()"])
      }
    }
    expect(Events.Events.columns.account_id.isNullable).toBe(false)
  })
})
