/**
 * Ringmaster: the AI side of event management and marketing automation,
 * embedded in your process. Each module is re-exported as a namespace.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Actor from "./storage/Actor.ts"
/** @since 0.1.0 */
export * as Column from "./storage/Column.ts"
/** @since 0.1.0 */
export * as Database from "./storage/Database.ts"
/** @since 0.1.0 */
export * as Migrations from "./storage/Migrations.ts"
/** @since 0.1.0 */
export * as Query from "./storage/Query.ts"
/** @since 0.1.0 */
export * as Schema from "./storage/schema/index.ts"
/** @since 0.1.0 */
export * as SqlStorage from "./storage/SqlStorage.ts"
/** @since 0.1.0 */
export * as Storage from "./storage/Storage.ts"
/** @since 0.1.0 */
export * as StorageError from "./storage/StorageError.ts"
/**
 * Which database role queries run as, and the start-up check that row-level security binds it.
 *
 * @since 0.1.0
 */
export * as Access from "./storage/Access.ts"
/**
 * The tamper-evident audit trail: hash-chained entries per account, verification.
 *
 * @since 0.1.0
 */
export * as Audit from "./storage/Audit.ts"
/**
 * Retention: the seed's rules as data, applied in bounded batches.
 *
 * @since 0.1.0
 */
export * as Retention from "./storage/Retention.ts"
/** @since 0.1.0 */
export * as Table from "./storage/Table.ts"
/** @since 0.1.0 */
export * as Action from "./actions/Action.ts"
/** @since 0.1.0 */
export * as ActionRegistry from "./actions/ActionRegistry.ts"
/** @since 0.1.0 */
export * as SafetyEnvelope from "./actions/SafetyEnvelope.ts"
/** @since 0.1.0 */
export * as SafetyLimits from "./actions/SafetyLimits.ts"
/** @since 0.1.0 */
export * as SafetyState from "./actions/SafetyState.ts"
/** @since 0.1.0 */
export * as Agent from "./agents/Agent.ts"
/** @since 0.1.0 */
export * as AgentError from "./agents/AgentError.ts"
/** @since 0.1.0 */
export * as AgentRegistry from "./agents/AgentRegistry.ts"
/**
 * The recommendation engine (pure): BM25 text relevance, popularity, co-registration, diversity.
 *
 * @since 0.1.0
 */
export * as Recommendation from "./agents/builtin/recommendation/index.ts"
/**
 * The networking engine (pure): capacitated attendee matching with vetoes, greedy with local improvement, exact on HiGHS.
 *
 * @since 0.1.0
 */
export * as Networking from "./agents/builtin/networking/index.ts"
/** @since 0.1.0 */
export * as BuiltinAgents from "./agents/builtin/BuiltinAgents.ts"
/** @since 0.1.0 */
export * as NetworkingAgent from "./agents/builtin/NetworkingAgent.ts"
/** @since 0.1.0 */
export * as RecommendationAgent from "./agents/builtin/RecommendationAgent.ts"
/**
 * The scheduling engine (pure): construction and simulated annealing, exact MIP for small instances.
 *
 * @since 0.1.0
 */
export * as Scheduling from "./agents/builtin/scheduling/index.ts"
/** @since 0.1.0 */
export * as Compiler from "./rules/Compiler.ts"
/** @since 0.1.0 */
export * as Condition from "./rules/Condition.ts"
/** @since 0.1.0 */
export * as FactPath from "./rules/FactPath.ts"
/** @since 0.1.0 */
export * as JsonRulesEngine from "./rules/JsonRulesEngine.ts"
/** @since 0.1.0 */
export * as Operator from "./rules/Operator.ts"
/** @since 0.1.0 */
export * as Rule from "./rules/Rule.ts"
/** @since 0.1.0 */
export * as RuleEngine from "./rules/RuleEngine.ts"
/** @since 0.1.0 */
export * as RuleLoadError from "./rules/RuleLoadError.ts"
/** @since 0.1.0 */
export * as Scheduler from "./rules/Scheduler.ts"
/** @since 0.1.0 */
export * as Trigger from "./rules/Trigger.ts"
/**
 * Decision cycles: observe, decide, act, learn over an ad platform (`master_ai_cycles`).
 *
 * @since 0.1.0
 */
export * as DecisionCycles from "./cycles/DecisionCycles.ts"
/**
 * Decision providers: what a cycle consults, and the facts it gives them.
 *
 * @since 0.1.0
 */
export * as DecisionProvider from "./cycles/DecisionProvider.ts"
/** @since 0.1.0 */
export * as CycleError from "./cycles/CycleError.ts"
/**
 * Scoring decisions and calibrating confidence per decision type.
 *
 * @since 0.1.0
 */
export * as Learning from "./cycles/Learning.ts"
/**
 * The safety-envelope actions that change an ad platform.
 *
 * @since 0.1.0
 */
export * as PlatformActions from "./cycles/PlatformActions.ts"
/**
 * The ad platform port: reads, typed changes, idempotent application.
 *
 * @since 0.1.0
 */
export * as AdPlatform from "./cycles/platform/AdPlatform.ts"
/**
 * A deterministic simulated ad platform over the core marketing tables.
 *
 * @since 0.1.0
 */
export * as SimulatedPlatform from "./cycles/platform/SimulatedPlatform.ts"
/**
 * A/B experiments: sample sizes, tests, sample-ratio checks, Bayesian and always-valid sequential verdicts.
 *
 * @since 0.1.0
 */
export * as Experiments from "./cycles/experiments/index.ts"
/**
 * Campaign forecasts: ETS with weekly seasonality, intervals, scoring.
 *
 * @since 0.1.0
 */
export * as Forecasts from "./cycles/forecasts/index.ts"
/**
 * Smart alerts: robust seasonal anomaly detection, pacing and opportunity alerts (`ai_smart_alerts`).
 *
 * @since 0.1.0
 */
export * as Alerts from "./cycles/alerts/index.ts"
/**
 * The built-in decision policies: budget shift, bid cut, pause wasted spend, restore recovered.
 *
 * @since 0.1.0
 */
export * as Policies from "./cycles/policies/index.ts"
/**
 * Budget pools: performance-based, equal, opportunity-weighted and Thompson-sampling reallocation through the envelope.
 *
 * @since 0.1.0
 */
export * as Budgets from "./cycles/budgets/index.ts"
/**
 * Risk management: overspend trajectories, performance decline (Mann–Kendall, Theil–Sen), policy flags (`ai_risk_management`).
 *
 * @since 0.1.0
 */
export * as Risk from "./cycles/risk/index.ts"
/**
 * System health: heartbeats, offline detection with alerts, uptime (`ai_system_health`).
 *
 * @since 0.1.0
 */
export * as Health from "./cycles/health/index.ts"
/**
 * Competitive intelligence: auction-insight intake and analysis (`ai_competitive_intelligence`).
 *
 * @since 0.1.0
 */
export * as Intelligence from "./cycles/intelligence/index.ts"
/**
 * Performance scores with trends against loadable benchmarks (`ai_performance_scores`, `ai_performance_benchmarks`).
 *
 * @since 0.1.0
 */
export * as Scores from "./cycles/scores/index.ts"
/**
 * The HTTP API (seed 003's endpoints and the event side), its server, API keys, the typed client,
 * seed 003's six Promise functions and the dashboard.
 *
 * @since 0.1.0
 */
export * as Http from "./http/index.ts"
