/**
 * Without a database: the Table definitions of the core marketing and seed-003
 * domains against the DDL text of migrations 0004–0005. For every table the
 * CREATE TABLE statement is parsed (column names, nullability, defaults,
 * inline CHECKs) and compared with the Table's columns; seed 003's columns are
 * checked to be all present, and the tenancy column, foreign-key indexes and
 * `updated_at` triggers are checked too.
 */
import { describe, expect, it } from "@effect/vitest"
import type * as Column from "../../src/storage/Column.ts"
import * as M0004 from "../../src/storage/migrations/0004_marketing.ts"
import * as M0005 from "../../src/storage/migrations/0005_marketing_ai.ts"
import * as M0008 from "../../src/storage/migrations/0008_cycles.ts"
import * as M0009 from "../../src/storage/migrations/0009_audit.ts"
import * as Marketing from "../../src/storage/schema/marketing/index.ts"
import * as MarketingAi from "../../src/storage/schema/marketingAi/index.ts"
import type * as Table from "../../src/storage/Table.ts"
import { ddlOf as ddlOfIn, parseTables } from "../support/ddl.ts"

// 0008 adds Ringmaster's columns (cycles) to seed tables
const statements = [...M0004.statements, ...M0005.statements, ...M0008.statements, ...M0009.statements]
const tables: ReadonlyArray<Table.Any> = [...Marketing.tables, ...MarketingAi.tables]

const ddlTables = parseTables(statements).filter((t) => t.schema !== "ringmaster")
const ddlOf = (table: Table.Any) => ddlOfIn(ddlTables, table)

/** The string literals of a `Column.oneOf` column (empty for any other column). */
const literalsOf = (column: Column.Any): ReadonlyArray<string> => {
  const ast = column.value.ast as unknown as { readonly _tag: string; readonly types?: ReadonlyArray<{ readonly literal?: unknown }> }
  if (ast._tag !== "Union" || ast.types === undefined) return []
  const literals = ast.types.map((t) => t.literal)
  return literals.every((l): l is string => typeof l === "string") ? literals : []
}

/** The literal list of a `CHECK (col IN ('a', 'b'))` in a column definition. */
const inListOf = (definition: string, column: string): ReadonlyArray<string> | undefined => {
  const match = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`, "i").exec(definition)
  return match === null ? undefined : match[1]!.split(",").map((s) => s.trim().replace(/^'|'$/g, ""))
}

/** Seed 003's column names, table by table, as its DDL writes them. */
const seedColumns: Record<string, ReadonlyArray<string>> = {
  master_ai_cycles: ["id", "cycle_name", "cycle_type", "status", "priority", "trigger_event", "start_time", "end_time", "duration_seconds", "metadata", "created_at", "updated_at"],
  ai_decision_logs: ["id", "cycle_id", "decision_type", "context_data", "decision_rationale", "confidence_score", "action_taken", "impact_prediction", "actual_impact", "validation_status", "created_at"],
  ai_performance_scores: ["id", "metric_type", "score_value", "measurement_period", "context_filters", "benchmark_comparison", "trend_direction", "calculated_at", "created_at"],
  ai_smart_alerts: ["id", "alert_type", "severity", "title", "description", "affected_entity_type", "affected_entity_id", "recommended_actions", "auto_action_taken", "status", "created_at", "resolved_at"],
  ai_recommendations: ["id", "recommendation_type", "target_entity_type", "target_entity_id", "current_state", "recommended_changes", "expected_impact", "confidence_level", "priority_score", "implementation_complexity", "status", "created_at", "implemented_at"],
  ai_learning_feedback: ["id", "decision_id", "feedback_type", "feedback_value", "learning_weight", "integration_status", "created_at"],
  ai_model_versions: ["id", "model_name", "version", "model_type", "training_data_period", "performance_metrics", "deployment_status", "created_at", "deployed_at"],
  ai_campaign_forecasts: ["id", "campaign_id", "forecast_type", "forecast_period_start", "forecast_period_end", "predicted_metrics", "confidence_intervals", "model_used", "actual_metrics", "accuracy_score", "created_at"],
  ai_optimization_history: ["id", "target_entity_type", "target_entity_id", "optimization_type", "before_state", "after_state", "expected_improvement", "actual_improvement", "success_metrics", "rollback_data", "created_at"],
  ai_competitive_intelligence: ["id", "competitor_identifier", "intelligence_type", "data_source", "intelligence_data", "confidence_score", "actionable_insights", "created_at"],
  ai_automation_rules: ["id", "rule_name", "rule_type", "trigger_conditions", "action_parameters", "safety_limits", "is_active", "execution_frequency", "last_execution_at", "execution_count", "success_rate", "created_at"],
  ai_budget_management: ["id", "budget_pool_name", "total_budget", "allocated_budget", "remaining_budget", "allocation_strategy", "reallocation_frequency", "performance_thresholds", "last_reallocation_at", "created_at"],
  ai_risk_management: ["id", "risk_type", "risk_level", "affected_entity_type", "affected_entity_id", "risk_indicators", "probability_score", "impact_assessment", "mitigation_actions", "status", "created_at"],
  ai_testing_experiments: ["id", "experiment_name", "experiment_type", "hypothesis", "test_configuration", "control_group_config", "variant_configs", "sample_size_calculation", "statistical_significance_threshold", "status", "results", "winner_variant", "confidence_level", "created_at", "started_at", "ended_at"],
  ai_system_health: ["id", "component_name", "health_status", "performance_metrics", "error_logs", "last_heartbeat", "uptime_percentage", "created_at"]
}

const named = ["ai_workflow_states", "ai_integration_logs", "ai_user_preferences", "ai_audit_trail", "ai_performance_benchmarks"]

describe("marketing schema: Table definitions against migrations 0004–0005", () => {
  it("defines exactly the tables the migrations create, in the same order", () => {
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(ddlTables.map((t) => `${t.schema}.${t.name}`))
    expect(tables.filter((t) => t.origin === "seed-003").map((t) => t.name).sort()).toEqual(Object.keys(seedColumns).sort())
    expect(tables.filter((t) => t.origin === "seed-003-named").map((t) => t.name).sort()).toEqual([...named].sort())
    expect(tables.filter((t) => t.schema === "marketing_ai").map((t) => t.name).sort()).toEqual(["ai_model_versions", "ai_recommendations"])
  })

  for (const table of tables) {
    describe(`${table.schema}.${table.name}`, () => {
      const ddl = ddlOf(table)

      it("has the DDL's columns, in order", () => {
        expect(table.columnNames).toEqual(ddl.columns.map((c) => c.name))
      })

      it("agrees with the DDL on nullability and defaults", () => {
        for (const c of ddl.columns) {
          const column = table.columns[c.name]!
          const notNull = /\bNOT NULL\b|\bPRIMARY KEY\b/i.test(c.definition)
          expect(column.isNullable, `${c.name} nullable`).toBe(!notNull)
          const dflt = /\bDEFAULT\s+((?:'[^']*'|[^\s,])+(?:\(\))?)/i.exec(c.definition)
          expect(column.defaultSql, `${c.name} default`).toBe(dflt === null ? undefined : dflt[1])
        }
      })

      it("lists every oneOf literal set in the column's named CHECK", () => {
        for (const c of ddl.columns) {
          const literals = literalsOf(table.columns[c.name]!)
          const inList = inListOf(c.definition, c.name)
          if (literals.length === 0) {
            expect(inList, `${c.name} has an IN-list CHECK but is not a oneOf column`).toBeUndefined()
            continue
          }
          expect(inList, `${c.name}: CHECK (${c.name} IN (...))`).toEqual(literals)
          expect(c.definition).toContain(`CONSTRAINT ${table.name}_${c.name}_check CHECK`)
        }
      })

      it("gives every column CHECK a description on the Column", () => {
        for (const c of ddl.columns) {
          if (/\bCHECK\b/i.test(c.definition)) {
            expect(table.columns[c.name]!.checkDescription, `${c.name} check description`).toBeDefined()
          }
        }
      })

      it("carries an indexed account_id referencing accounts ON DELETE CASCADE", () => {
        const account = ddl.columns.find((c) => c.name === "account_id")
        expect(account?.definition).toMatch(/REFERENCES public\.accounts\(id\) ON DELETE CASCADE/)
        // the one exception: 0009 drops the audit trail's foreign key so a deleted account's chain stays
        const dropped = statements.includes(`ALTER TABLE ${table.schema}.${table.name} DROP CONSTRAINT ${table.name}_account_id_fkey`)
        expect(dropped, "account_id foreign key dropped by a later migration").toBe(table.name === "ai_audit_trail")
        const indexed = statements.some((s) =>
          new RegExp(`^CREATE (UNIQUE )?INDEX \\w+ ON ${table.schema}\\.${table.name} \\(account_id\\b`).test(s)
          || ddl.constraints.some((k) => /UNIQUE \(account_id\b/.test(k))
        )
        expect(indexed, "an index led by account_id").toBe(true)
      })

      it("indexes every foreign key by its leading column", () => {
        const fkColumns = [
          ...ddl.columns.filter((c) => /\bREFERENCES\b/i.test(c.definition)).map((c) => c.name),
          ...ddl.constraints.flatMap((k) => {
            const m = /FOREIGN KEY \((\w+)/i.exec(k)
            return m === null ? [] : [m[1]!]
          })
        ]
        for (const column of fkColumns) {
          const byIndex = statements.some((s) =>
            new RegExp(`^CREATE (UNIQUE )?INDEX \\w+ ON ${table.schema}\\.${table.name} \\(${column}\\b`).test(s)
          )
          const byConstraint = ddl.constraints.some((k) => new RegExp(`UNIQUE \\(${column}\\b`).test(k))
          expect(byIndex || byConstraint, `${table.name}.${column} is indexed`).toBe(true)
        }
      })

      it("touches updated_at on update when it has one", () => {
        const trigger = statements.find((s) => s.startsWith(`CREATE TRIGGER ${table.name}_touch_updated_at `))
        if (table.columnNames.includes("updated_at")) {
          expect(trigger).toContain(`ON ${table.schema}.${table.name} FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`)
        } else {
          expect(trigger).toBeUndefined()
        }
      })

      if (table.origin === "seed-003") {
        it("keeps every seed-003 column", () => {
          const missing = seedColumns[table.name]!.filter((name) => !table.columnNames.includes(name))
          expect(missing).toEqual([])
        })
      }
    })
  }

  it("keeps the seed's UNIQUE(model_name, version) and states its foreign keys' ON DELETE", () => {
    expect(ddlOf(MarketingAi.AiModelVersions).constraints).toContain("CONSTRAINT ai_model_versions_model_name_version_key UNIQUE (model_name, version)")
    const column = (t: Table.Any, name: string) => ddlOf(t).columns.find((c) => c.name === name)!.definition
    expect(column(MarketingAi.AiDecisionLogs, "cycle_id")).toMatch(/REFERENCES public\.master_ai_cycles\(id\) ON DELETE NO ACTION/)
    expect(column(MarketingAi.AiLearningFeedback, "decision_id")).toMatch(/REFERENCES public\.ai_decision_logs\(id\) ON DELETE NO ACTION/)
    expect(column(MarketingAi.AiCampaignForecasts, "campaign_id")).toMatch(/REFERENCES public\.campaigns\(id\) ON DELETE SET NULL/)
    expect(ddlOf(MarketingAi.AiBudgetManagement).constraints).toContain(
      "CONSTRAINT ai_budget_management_allocation_check CHECK (allocated_budget <= total_budget)"
    )
    expect(ddlOf(Marketing.CampaignDailyMetrics).constraints).toContain(
      "CONSTRAINT campaign_daily_metrics_campaign_id_metric_date_key UNIQUE (campaign_id, metric_date)"
    )
  })
})
