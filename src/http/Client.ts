/**
 * Clients of the HTTP API, derived from the same definition the server
 * serves (`Api.ts`), so a renamed field or a changed filter fails to compile
 * on both sides.
 *
 * - {@link make}: the typed Effect client (`HttpApiClient.make`), one method
 *   per endpoint, grouped (`client.cycles.list({ query })`), failing with the
 *   API's typed errors (`ApiError.ts`).
 * - {@link makePromiseClient}: seed 003's six functions (`fetchAICycles`,
 *   `fetchAIDecisions`, `fetchAIPerformanceScores`, `fetchAIAlerts`,
 *   `fetchAIRecommendations`, `fetchAISystemStatus`) as Promises, for apps
 *   that do not use Effect.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, ManagedRuntime } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import { Api } from "./Api.ts"
import { apiKeyHeader } from "./Authentication.ts"
import type { Alert } from "./groups/Alerts.ts"
import type { Cycle } from "./groups/Cycles.ts"
import type { Decision } from "./groups/Decisions.ts"
import type { PerformanceScore } from "./groups/Performance.ts"
import type { Recommendation } from "./groups/Recommendations.ts"
import type { SystemStatus } from "./groups/System.ts"

/**
 * Where the API is and the key to call it with.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientOptions {
  /** e.g. `http://127.0.0.1:8080` */
  readonly baseUrl: string
  /** an API key from `ringmaster keys create` */
  readonly apiKey: string
}

/**
 * The typed client: one method per endpoint, by group.
 *
 * @since 0.1.0
 * @category models
 */
export type Client = HttpApiClient.ForApi<typeof Api>

/**
 * Makes the typed client. Needs an `HttpClient` (for example
 * `FetchHttpClient.layer`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: ClientOptions): Effect.Effect<Client, never, HttpClient.HttpClient> =>
  HttpApiClient.make(Api, {
    baseUrl: options.baseUrl,
    transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader(apiKeyHeader, options.apiKey))
  })

/**
 * The typed client as a service.
 *
 * @since 0.1.0
 * @category services
 */
export class ApiClient extends Context.Service<ApiClient, Client>()("ringmaster/http/ApiClient") {
  /**
   * The client over `fetch`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer = (options: ClientOptions): Layer.Layer<ApiClient> =>
    Layer.effect(ApiClient, make(options)).pipe(Layer.provide(FetchHttpClient.layer))
}

/**
 * A cycle (`master_ai_cycles` row).
 *
 * @since 0.1.0
 * @category models
 */
export type AICycle = typeof Cycle.Type

/**
 * A decision (`ai_decision_logs` row).
 *
 * @since 0.1.0
 * @category models
 */
export type AIDecision = typeof Decision.Type

/**
 * A performance score (`ai_performance_scores` row).
 *
 * @since 0.1.0
 * @category models
 */
export type AIPerformanceScore = typeof PerformanceScore.Type

/**
 * An alert (`ai_smart_alerts` row).
 *
 * @since 0.1.0
 * @category models
 */
export type AIAlert = typeof Alert.Type

/**
 * A recommendation (marketing `ai_recommendations` row).
 *
 * @since 0.1.0
 * @category models
 */
export type AIRecommendation = typeof Recommendation.Type

/**
 * The account's summary.
 *
 * @since 0.1.0
 * @category models
 */
export type AISystemStatus = typeof SystemStatus.Type

/**
 * The query an endpoint of the typed client takes.
 *
 * @since 0.1.0
 * @category models
 */
export type QueryOf<F> = F extends (request: infer R) => unknown ? R extends { readonly query: infer Q } ? Q : never : never

/**
 * The filters of a list endpoint: its query without the paging parameters,
 * as the API defines them (a filter renamed in `Api.ts` fails to compile
 * here too).
 *
 * @since 0.1.0
 * @category models
 */
export type FiltersOf<F> = Omit<QueryOf<F>, "limit" | "cursor" | "order" | "since" | "until">

/**
 * What the list functions take: the page size (default 50, at most 200),
 * the order and window, and the filters of the endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions<Filters> {
  readonly limit?: number | undefined
  readonly order?: "asc" | "desc" | undefined
  /** ISO 8601 instant with a zone: rows created at or after it */
  readonly since?: string | undefined
  /** ISO 8601 instant with a zone: rows created before it */
  readonly until?: string | undefined
  readonly filters?: Filters | undefined
}

/**
 * Seed 003's six client functions. Each list function answers the first
 * page (newest first unless `order: "asc"`); the promise rejects with the
 * API's typed error (`_tag`, `message`, and the fields naming what was
 * wrong).
 *
 * @since 0.1.0
 * @category models
 */
export interface PromiseClient {
  readonly fetchAICycles: (options?: ListOptions<FiltersOf<Client["cycles"]["list"]>>) => Promise<Array<AICycle>>
  readonly fetchAIDecisions: (options?: ListOptions<FiltersOf<Client["decisions"]["list"]>>) => Promise<Array<AIDecision>>
  readonly fetchAIPerformanceScores: (
    options?: ListOptions<FiltersOf<Client["performance"]["list"]>>
  ) => Promise<Array<AIPerformanceScore>>
  readonly fetchAIAlerts: (options?: ListOptions<FiltersOf<Client["alerts"]["list"]>>) => Promise<Array<AIAlert>>
  readonly fetchAIRecommendations: (
    options?: ListOptions<FiltersOf<Client["recommendations"]["list"]>>
  ) => Promise<Array<AIRecommendation>>
  readonly fetchAISystemStatus: () => Promise<AISystemStatus>
  /** The typed client underneath, for everything else. */
  readonly run: <A, E>(f: (client: Client) => Effect.Effect<A, E>) => Promise<A>
  /** Releases the client's resources. */
  readonly dispose: () => Promise<void>
}

const pageQuery = <F extends object>(options: ListOptions<F> | undefined): F & {
  readonly limit?: number
  readonly order?: "asc" | "desc"
  readonly since?: string
  readonly until?: string
} => ({
  ...(Object.fromEntries(Object.entries(options?.filters ?? {}).filter(([, v]) => v !== undefined)) as F),
  ...(options?.limit === undefined ? {} : { limit: options.limit }),
  ...(options?.order === undefined ? {} : { order: options.order }),
  ...(options?.since === undefined ? {} : { since: options.since }),
  ...(options?.until === undefined ? {} : { until: options.until })
})

/**
 * Makes the Promise client.
 *
 * @example
 * ```ts
 * import { Http } from "ringmaster"
 *
 * const api = Http.Client.makePromiseClient({ baseUrl: "http://127.0.0.1:8080", apiKey: process.env.RINGMASTER_KEY! })
 * const pending = await api.fetchAIRecommendations({ filters: { status: "pending" } })
 * const status = await api.fetchAISystemStatus()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePromiseClient = (options: ClientOptions): PromiseClient => {
  const runtime = ManagedRuntime.make(ApiClient.layer(options))
  const run = <A, E>(f: (client: Client) => Effect.Effect<A, E>): Promise<A> =>
    runtime.runPromise(Effect.flatMap(Effect.service(ApiClient), f))
  return {
    fetchAICycles: (o) => run((c) => Effect.map(c.cycles.list({ query: pageQuery(o) }), (p) => [...p.items])),
    fetchAIDecisions: (o) => run((c) => Effect.map(c.decisions.list({ query: pageQuery(o) }), (p) => [...p.items])),
    fetchAIPerformanceScores: (o) => run((c) => Effect.map(c.performance.list({ query: pageQuery(o) }), (p) => [...p.items])),
    fetchAIAlerts: (o) => run((c) => Effect.map(c.alerts.list({ query: pageQuery(o) }), (p) => [...p.items])),
    fetchAIRecommendations: (o) => run((c) => Effect.map(c.recommendations.list({ query: pageQuery(o) }), (p) => [...p.items])),
    fetchAISystemStatus: () => run((c) => c.system.status()),
    run,
    dispose: () => runtime.dispose()
  }
}
