/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_testing_experiments: AI-managed A/B tests and experiments (seed 003 §14):
 * configuration, variants, significance threshold (0–1), status, results and
 * winner.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiTestingExperiments = Table.make({
  name: "ai_testing_experiments",
  origin: "seed-003",
  description: "AI-managed A/B tests: hypothesis, variants, significance threshold, results and winner",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    experiment_name: Column.text(),
    experiment_type: Column.text().check("length(experiment_type) > 0", Column.nonEmpty()),
    hypothesis: Column.text().nullable(),
    test_configuration: Column.jsonb(),
    control_group_config: Column.jsonb().nullable(),
    variant_configs: Column.jsonb(),
    sample_size_calculation: Column.jsonb().nullable(),
    statistical_significance_threshold: Column.numeric(3, 2).nullable().default("0.95").check(
      "statistical_significance_threshold BETWEEN 0 AND 1",
      Column.between(0, 1)
    ),
    status: Column.oneOf(["planning", "running", "analyzing", "completed"]).nullable().default("'planning'"),
    results: Column.jsonb().nullable(),
    winner_variant: Column.text().nullable(),
    confidence_level: Column.numeric(5, 2).nullable().check("confidence_level BETWEEN 0 AND 100", Column.between(0, 100)),
    created_at: Column.timestamptz().nullable().default("now()"),
    started_at: Column.timestamptz().nullable(),
    ended_at: Column.timestamptz().nullable()
  }
})
