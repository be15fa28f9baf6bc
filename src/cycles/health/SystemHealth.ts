/**
 * System health (issue 10, `ai_system_health`): long-running components —
 * the cycle runner, the rule scheduler, agents — report heartbeats with
 * their metrics; `check()` marks a component silent past its interval
 * `offline` and raises a smart alert; uptime is computed from the
 * heartbeats (`Uptime`).
 *
 * **Storage.** One `ai_system_health` row per component (`component_name`,
 * and `account_id` when the component serves one account), updated by every
 * beat: `health_status`, `last_heartbeat`, `uptime_percentage`, the latest
 * errors in `error_logs` (the last 20, each with its time), and in
 * `performance_metrics` a document (`Document`) with the promised interval,
 * the latest metrics, the beat count and the covered spans of the last
 * `retention` (default 7 days). A row per beat was the alternative; it
 * grows by 1,440 rows a day per component beating every minute, while the
 * spans hold the same uptime information in a few entries. Two processes
 * sending the first beat of the same component at the same instant can
 * each insert a row (the seed has no unique key on the name): run one
 * instance per component name, as the components are singletons anyway.
 *
 * **Uptime.** Over `[from, now)` with `from` the later of `now − window`
 * (default 24 hours) and the component's first heartbeat: the share of that
 * time covered by `[beat, beat + interval)` of its heartbeats, in percent
 * (100 when the window is still empty, at the first beat).
 *
 * **Silence.** A component is silent when `now − last heartbeat > interval ×
 * grace` (default grace 1: past its interval). `check()` marks it
 * `offline` and raises an `ai_smart_alerts` row of type `risk` (the seed's
 * types are `performance_anomaly`, `budget_threshold`, `opportunity` and
 * `risk`; a stopped automation component is a risk to everything it runs),
 * `affected_entity_type` `system_component`, `affected_entity_id` the health
 * row, severity `high`, and an `Alert.Document` in `recommended_actions`
 * (key `system_health:<row id>`). While the component stays silent, later
 * checks update that alert (occurrences, last seen) instead of adding one;
 * the beat that brings it back marks it `healthy` (or the status it reports)
 * and resolves the alert.
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer, Schema } from "effect"
import { AiSmartAlerts } from "../../storage/schema/marketingAi/AiSmartAlerts.ts"
import { AiSystemHealth } from "../../storage/schema/marketingAi/AiSystemHealth.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import type * as Alert from "../alerts/Alert.ts"
import { InvalidHealthOptions, InvalidHeartbeat } from "./HealthError.ts"
import * as Uptime from "./Uptime.ts"

/**
 * An `ai_system_health` row.
 *
 * @since 0.1.0
 * @category models
 */
export type HealthRow = Table.Row<typeof AiSystemHealth>

/**
 * A component that reports heartbeats: its name, how often it promises to
 * beat, and the account it serves (none for a process-wide component).
 *
 * @since 0.1.0
 * @category models
 */
export interface Component {
  readonly name: string
  readonly interval: Duration.Input
  readonly accountId?: string | null | undefined
}

/**
 * What a component reports with a heartbeat besides its metrics.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  /** its own view of its health (default `healthy`) */
  readonly status?: "healthy" | "warning" | "critical" | undefined
  /** errors since the last beat */
  readonly errors?: ReadonlyArray<string> | undefined
}

/**
 * The document in `performance_metrics`.
 *
 * @since 0.1.0
 * @category models
 */
export const Document = Schema.Struct({
  intervalMillis: Schema.Finite,
  metrics: Schema.Record(Schema.String, Schema.Finite),
  beats: Schema.Int,
  firstBeatAt: Schema.Finite,
  lastBeatAt: Schema.Finite,
  spans: Schema.Array(Uptime.Span)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Document = typeof Document.Type

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** the uptime window (default 24 hours) */
  readonly window: Duration.Input
  /** how long covered spans are kept (default 7 days; at least the window) */
  readonly retention: Duration.Input
  /** silent when the last beat is older than interval × grace (default 1; at least 1) */
  readonly grace: number
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = { window: "24 hours", retention: "7 days", grace: 1 }

/**
 * What a check found.
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckReport {
  readonly checked: number
  /** components marked offline by this check */
  readonly wentOffline: ReadonlyArray<string>
  /** components already offline and still silent */
  readonly stillOffline: ReadonlyArray<string>
  readonly rows: ReadonlyArray<HealthRow>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface SystemHealthShape {
  /** records a heartbeat; fails with `InvalidHeartbeat` naming a bad field */
  readonly beat: (
    component: Component,
    metrics?: { readonly [metric: string]: number },
    report?: Report
  ) => Effect.Effect<HealthRow, InvalidHeartbeat | StorageError>
  /** marks silent components offline (raising or updating their alert) and refreshes every uptime */
  readonly check: (accountId?: string | null) => Effect.Effect<CheckReport, StorageError>
  /** every component's row (of one account, or process-wide with `null`) */
  readonly components: (accountId?: string | null) => Effect.Effect<ReadonlyArray<HealthRow>, StorageError>
}

const decodeDocument = Schema.decodeUnknownOption(Document)
const decodeAlert = (u: unknown): Alert.Document | undefined => {
  const d = u as Partial<Alert.Document> | null
  return d !== null && typeof d === "object" && typeof d.key === "string" && typeof d.occurrences === "number" ?
    (d as Alert.Document) :
    undefined
}
const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u)) as Schema.Json
const alertKey = (rowId: string) => `system_health:${rowId}`

/**
 * Builds the service over the storage port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(overrides: Partial<Options> = {}) {
  const options = { ...defaultOptions, ...overrides }
  const millisOf = (field: string, input: Duration.Input) => {
    const d = Duration.fromInput(input)
    const ms = d._tag === "Some" ? Duration.toMillis(d.value) : Number.NaN
    return ms > 0 && Number.isFinite(ms) ?
      Effect.succeed(ms) :
      Effect.fail(new InvalidHealthOptions({ field, value: input, rule: "a finite duration > 0" }))
  }
  const windowMillis = yield* millisOf("window", options.window)
  const retentionMillis = Math.max(windowMillis, yield* millisOf("retention", options.retention))
  if (!(options.grace >= 1 && Number.isFinite(options.grace))) {
    return yield* new InvalidHealthOptions({ field: "grace", value: options.grace, rule: "a finite number ≥ 1" })
  }
  const storage = yield* Storage

  const uptimeOf = (doc: Document, now: number) => {
    const from = Math.max(now - windowMillis, doc.firstBeatAt)
    return now > from ? Math.round(Uptime.uptime(doc.spans, from, now) * 100) / 100 : 100
  }

  const rowOf = (name: string, accountId: string | null) =>
    Effect.map(
      storage.find(AiSystemHealth, {
        where: { component_name: name, account_id: accountId },
        orderBy: [{ column: "created_at" }],
        limit: 1
      }),
      (page) => page.items[0]
    )

  const openAlert = (row: HealthRow) =>
    Effect.map(
      storage.find(AiSmartAlerts, {
        where: {
          alert_type: "risk",
          affected_entity_type: "system_component",
          affected_entity_id: row.id,
          recommended_actions: { contains: { key: alertKey(row.id) } },
          or: [{ status: { in: ["active", "acknowledged"] } }, { status: null }]
        },
        orderBy: [{ column: "created_at", direction: "desc" }],
        limit: 1
      }),
      (page) => page.items[0]
    )

  const validate = (component: Component, metrics: { readonly [metric: string]: number }, report: Report) =>
    Effect.gen(function*() {
      const fail = (field: string, value: unknown, rule: string) =>
        Effect.fail(new InvalidHeartbeat({ component: component.name, field, value, rule }))
      if (component.name.length === 0) return yield* fail("name", component.name, "a non-empty component name")
      const interval = Duration.fromInput(component.interval)
      const millis = interval._tag === "Some" ? Duration.toMillis(interval.value) : Number.NaN
      if (!(millis > 0 && Number.isFinite(millis))) return yield* fail("interval", component.interval, "a finite duration > 0")
      for (const [k, v] of Object.entries(metrics)) {
        if (typeof v !== "number" || !Number.isFinite(v)) return yield* fail(`metrics.${k}`, v, "a finite number")
      }
      if (report.status !== undefined && !["healthy", "warning", "critical"].includes(report.status)) {
        return yield* fail("status", report.status, "healthy, warning or critical")
      }
      return millis
    })

  const beat = Effect.fn("SystemHealth.beat")(function*(
    component: Component,
    metrics: { readonly [metric: string]: number } = {},
    report: Report = {}
  ) {
    const intervalMillis = yield* validate(component, metrics, report)
    const now = yield* Clock.currentTimeMillis
    const accountId = component.accountId ?? null
    return yield* storage.transaction(Effect.gen(function*() {
      const row = yield* rowOf(component.name, accountId)
      const previous = row === undefined ? undefined : decodeDocument(row.performance_metrics)
      const prior = previous?._tag === "Some" ? previous.value : undefined
      const doc: Document = {
        intervalMillis,
        metrics: { ...metrics },
        beats: (prior?.beats ?? 0) + 1,
        firstBeatAt: prior?.firstBeatAt ?? now,
        lastBeatAt: now,
        spans: Uptime.prune(Uptime.beat(prior?.spans ?? [], now, intervalMillis), now - retentionMillis)
      }
      const stamp = new Date(now).toISOString()
      const errors = [
        ...(Array.isArray(row?.error_logs) ? (row.error_logs as ReadonlyArray<Schema.Json>) : []),
        ...(report.errors ?? []).map((message) => ({ at: stamp, message }))
      ].slice(-20)
      const columns = {
        health_status: report.status ?? "healthy",
        performance_metrics: toJson(doc),
        error_logs: toJson(errors),
        last_heartbeat: new Date(now),
        uptime_percentage: uptimeOf(doc, now)
      } as const
      if (row === undefined) {
        return yield* storage.insert(AiSystemHealth, { account_id: accountId, component_name: component.name, created_at: new Date(now), ...columns })
      }
      if (row.health_status === "offline") {
        const alert = yield* openAlert(row)
        if (alert !== undefined) yield* storage.update(AiSmartAlerts, alert.id, { status: "resolved", resolved_at: new Date(now) })
      }
      return yield* storage.update(AiSystemHealth, row.id, columns)
    }))
  })

  const raise = (row: HealthRow, doc: Document, now: number) =>
    Effect.gen(function*() {
      const stamp = new Date(now).toISOString()
      const silentFor = Math.round((now - doc.lastBeatAt) / 1000)
      const evidence = { lastBeatAt: new Date(doc.lastBeatAt).toISOString(), intervalMillis: doc.intervalMillis, silentSeconds: silentFor }
      const title = `Component offline: ${row.component_name}`
      const description = `No heartbeat from ${row.component_name} for ${silentFor} s (it promises one every ${
        Math.round(doc.intervalMillis / 1000)
      } s); last at ${evidence.lastBeatAt}. Uptime over the window: ${uptimeOf(doc, now).toFixed(2)}%.`
      const open = yield* openAlert(row)
      const previous = open === undefined ? undefined : decodeAlert(open.recommended_actions)
      const document: Alert.Document = {
        key: alertKey(row.id),
        metric: "heartbeat",
        actions: [],
        occurrences: (previous?.occurrences ?? 0) + 1,
        days: [...new Set([...(previous?.days ?? []), stamp.slice(0, 10)])].slice(-60),
        firstSeenAt: previous?.firstSeenAt ?? stamp,
        lastSeenAt: stamp,
        evidence: toJson(evidence)
      }
      if (open !== undefined) {
        yield* storage.update(AiSmartAlerts, open.id, { description, recommended_actions: toJson(document) })
      } else {
        yield* storage.insert(AiSmartAlerts, {
          account_id: row.account_id,
          alert_type: "risk",
          severity: "high",
          title,
          description,
          affected_entity_type: "system_component",
          affected_entity_id: row.id,
          recommended_actions: toJson(document),
          auto_action_taken: false,
          status: "active",
          created_at: new Date(now)
        })
      }
    })

  const components = (accountId?: string | null) =>
    Effect.map(
      storage.find(AiSystemHealth, {
        ...(accountId === undefined ? {} : { where: { account_id: accountId } }),
        orderBy: [{ column: "component_name" }]
      }),
      (page) => page.items
    )

  const check = Effect.fn("SystemHealth.check")(function*(accountId?: string | null) {
    const now = yield* Clock.currentTimeMillis
    return yield* storage.transaction(Effect.gen(function*() {
      const wentOffline: Array<string> = []
      const stillOffline: Array<string> = []
      const rows: Array<HealthRow> = []
      for (const row of yield* components(accountId)) {
        const decoded = decodeDocument(row.performance_metrics)
        if (decoded._tag === "None") {
          rows.push(row)
          continue
        }
        const doc = decoded.value
        const silent = now - doc.lastBeatAt > doc.intervalMillis * options.grace
        if (silent) {
          if (row.health_status === "offline") stillOffline.push(row.component_name)
          else wentOffline.push(row.component_name)
          yield* raise(row, doc, now)
        }
        rows.push(
          yield* storage.update(AiSystemHealth, row.id, {
            uptime_percentage: uptimeOf(doc, now),
            ...(silent ? { health_status: "offline" as const } : {})
          })
        )
      }
      return { checked: rows.length, wentOffline, stillOffline, rows } satisfies CheckReport
    }))
  })

  return SystemHealth.of({ beat, check, components })
})

/**
 * The system-health service.
 *
 * @since 0.1.0
 * @category services
 */
export class SystemHealth extends Context.Service<SystemHealth, SystemHealthShape>()("ringmaster/cycles/health/SystemHealth") {
  /**
   * The service with the default options (24-hour uptime window, grace 1).
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<SystemHealth, InvalidHealthOptions, Storage> = Layer.effect(SystemHealth, make())

  /**
   * The service with some options changed; fails with
   * `InvalidHealthOptions` naming an option out of range.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerOptions = (overrides: Partial<Options>): Layer.Layer<SystemHealth, InvalidHealthOptions, Storage> =>
    Layer.effect(SystemHealth, make(overrides))
}
