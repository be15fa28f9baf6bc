/**
 * Serves the HTTP API (`Api.ts`): the handlers of every group, the
 * authentication middleware (API keys, scopes, roles, per-key rate limit),
 * JSON bodies for requests that do not decode, a request size limit (413),
 * the OpenAPI document at `/api/openapi.json` and a Scalar docs page at
 * `/api/docs` (its script is bundled with effect and served from here: no
 * CDN).
 *
 * **Mounting other routes (the dashboard).** `layerWith(extra, options)`
 * serves the API together with `extra`: any layer that adds routes to
 * `HttpRouter` (`HttpRouter.add("GET", "/", page)`, `HttpRouter.addAll`,
 * several merged with `Layer.mergeAll`). Those routes are not authenticated
 * by the API's middleware (they see the request as is) and must not claim
 * `/api/*`. The request size limit applies to them too. `layer(options)` is
 * `layerWith(Layer.empty, options)`; `url` reads the bound address (port 0
 * picks a free one).
 *
 * Every API request runs as its key's actor (`Principal.actor`: the user a
 * personal key acts for, else the service `api-key:<id>`, with the account),
 * and every handler scopes its queries to the key's account, so another
 * account's row answers 404; row-level security (migration 0011) enforces the
 * same in the database, since the actor reaches every transaction.
 *
 * ```ts
 * import { Http } from "ringmaster"
 * // needs Storage, DecisionCycles and AlertService (see docs/guides/http.md)
 * Layer.launch(Http.Server.layerWith(HttpRouter.add("GET", "/", page), { port: 8080 }).pipe(Layer.provide(app)))
 * ```
 *
 * @since 0.1.0
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Clock, Context, Duration, Effect, Layer, Redacted, Schema, SchemaIssue } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpServer } from "effect/http"
import type { ServeError } from "effect/http/HttpServerError"
import { HttpApi, HttpApiBuilder, HttpApiMiddleware, HttpApiScalar } from "effect/http-api"
import type { AlertService } from "../cycles/alerts/AlertService.ts"
import type { DecisionCycles } from "../cycles/DecisionCycles.ts"
import * as Actor from "../storage/Actor.ts"
import type { Scope } from "../storage/schema/http/ApiKeys.ts"
import type { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import { Api } from "./Api.ts"
import * as ApiError from "./ApiError.ts"
import { type ApiKeyRow, ApiKeys, hashSecret, type Role } from "./ApiKeys.ts"
import { Authentication, CurrentPrincipal, Principal, RequiredScope } from "./Authentication.ts"
import * as AlertsHandlers from "./handlers/Alerts.ts"
import * as AutomationRulesHandlers from "./handlers/AutomationRules.ts"
import * as CyclesHandlers from "./handlers/Cycles.ts"
import * as DecisionsHandlers from "./handlers/Decisions.ts"
import * as EventsHandlers from "./handlers/Events.ts"
import * as ForecastsHandlers from "./handlers/Forecasts.ts"
import * as LearningFeedbackHandlers from "./handlers/LearningFeedback.ts"
import * as OptimizationsHandlers from "./handlers/Optimizations.ts"
import * as PerformanceHandlers from "./handlers/Performance.ts"
import * as RecommendationsHandlers from "./handlers/Recommendations.ts"
import * as SystemHandlers from "./handlers/System.ts"
import { type RateLimit, RateLimiter } from "./RateLimiter.ts"
import { isStorageError } from "./internal/respond.ts"
import { RequestErrors } from "./RequestErrors.ts"
import { ListenFailed, PortInUse } from "./ServerError.ts"

/**
 * Where and how to serve.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** default `127.0.0.1` */
  readonly host?: string | undefined
  /** default 8080; 0 picks a free port (read it from `HttpServer.address`) */
  readonly port?: number | undefined
  /** the largest request body accepted, in bytes (default 1 MiB); larger answers 413 */
  readonly maxBodyBytes?: number | undefined
  /** the per-key rate limit (default `RateLimiter.defaultLimit`) */
  readonly rateLimit?: RateLimit | undefined
  /** how often a key's `last_used_at` is written at most, in ms (default 60 000) */
  readonly touchEveryMillis?: number | undefined
  /**
   * how long a verified key (and its user's role) is trusted without asking
   * the database again, in ms (default {@link defaultKeyCacheMillis}); a
   * revocation or a role change takes effect within it; 0 checks every request
   */
  readonly keyCacheMillis?: number | undefined
  /** how long requests in flight may take to finish on shutdown (default 10 seconds) */
  readonly shutdownTimeout?: Duration.Input | undefined
}

/**
 * The default largest request body: 1 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxBodyBytes = 1024 * 1024

/**
 * The default time a verified key is trusted without asking the database
 * again: 5 seconds. Revoking a key or changing its user's role takes effect
 * within it.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultKeyCacheMillis = 5_000

/**
 * The path of the OpenAPI document.
 *
 * @since 0.1.0
 * @category constants
 */
export const openapiPath = "/api/openapi.json"

/**
 * The path of the docs page.
 *
 * @since 0.1.0
 * @category constants
 */
export const docsPath = "/api/docs"

// ---------------------------------------------------------------------------
// 400 bodies that name the parameter
// ---------------------------------------------------------------------------

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

const slotName = { Params: "path", Query: "query", Headers: "header", Payload: "body" } as const

const pathKey = (segment: PropertyKey | { readonly key: PropertyKey }): string => {
  const key = typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment
  return typeof key === "number" ? `[${key}]` : String(key)
}

/**
 * The server side of `RequestErrors`: a request part that does not decode
 * answers `InvalidRequest` naming it (`query.limit`, `body.confidence`).
 *
 * @since 0.1.0
 * @category layers
 */
export const requestErrorsLayer: Layer.Layer<RequestErrors> = HttpApiMiddleware.layerSchemaErrorTransform(
  RequestErrors,
  (error) => {
    if (error.kind === "Body" || error.kind === "ResponseHeaders") return Effect.fail(error)
    const slot = slotName[error.kind]
    const issues = formatIssues(error.cause.issue).issues.map((issue) => {
      const path = (issue.path ?? []).map(pathKey).join(".").replaceAll(".[", "[")
      return { path: path === "" ? slot : `${slot}.${path}`, message: issue.message }
    })
    const first = issues[0] ?? { path: slot, message: error.cause.message }
    return Effect.fail(new ApiError.InvalidRequest({ parameter: first.path, rule: first.message, issues }))
  }
)

// ---------------------------------------------------------------------------
// authentication, scopes, rate limit
// ---------------------------------------------------------------------------

const bearer = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
  return match?.[1]
}

const unavailable = (e: StorageError) =>
  new ApiError.Unavailable({
    reason: `the key could not be checked: ${e.message}`,
    retryable: e._tag === "StorageFailure" ? e.retryable : false
  })

/**
 * The roles of `account_users` that may use the `approve` scope (approve or
 * reject a recommendation, roll back a change) through a personal key.
 *
 * @since 0.1.0
 * @category constants
 */
export const approverRoles: ReadonlyArray<Role> = ["owner", "admin"]

const requiredScope = (endpoint: { readonly method: string; readonly annotations: Context.Context<never> }): Scope =>
  Context.get(endpoint.annotations, RequiredScope) ?? (endpoint.method === "GET" ? "read" : "write")

const rateLimited = (retryAfterMillis: number, limit: RateLimit) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMillis / 1000))
  const body = Schema.encodeSync(ApiError.RateLimited)(
    new ApiError.RateLimited({ retryAfterSeconds: seconds, limit: `${limit.burst} burst, ${limit.perSecond}/s per key` })
  )
  return HttpServerResponse.jsonUnsafe(body, { status: 429, headers: { "retry-after": String(seconds) } })
}

const payloadTooLarge = (maxBodyBytes: number) =>
  HttpServerResponse.jsonUnsafe(
    Schema.encodeSync(ApiError.PayloadTooLarge)(
      new ApiError.PayloadTooLarge({ limitBytes: maxBodyBytes, reason: `the body must be at most ${maxBodyBytes} bytes` })
    ),
    { status: 413, headers: { connection: "close" } }
  )

/** The failure of reading a body past `MaxBodySize`: an `HttpServerError` whose reason is `BodyTooLarge`. */
const isBodyTooLarge = (e: unknown): boolean => {
  if (typeof e !== "object" || e === null || (e as { readonly _tag?: unknown })._tag !== "HttpServerError") return false
  const reason = (e as { readonly reason?: { readonly _tag?: unknown; readonly reason?: unknown } }).reason
  return reason?._tag === "RequestParseError" && reason.reason === "BodyTooLarge"
}

/**
 * The server side of `Authentication`: reads the key (`X-API-Key`, or
 * `Authorization: Bearer`), verifies it, takes a token from its rate limit,
 * checks the endpoint's scope, and runs the endpoint as the key's actor with
 * `CurrentPrincipal`.
 *
 * @since 0.1.0
 * @category layers
 */
export const authenticationLayer = (
  options: { readonly touchEveryMillis?: number | undefined; readonly keyCacheMillis?: number | undefined } = {}
) =>
  Layer.effect(
    Authentication,
    Effect.gen(function*() {
      const keys = yield* ApiKeys
      const limiter = yield* RateLimiter
      const touchEvery = options.touchEveryMillis ?? 60_000
      const cacheFor = options.keyCacheMillis ?? defaultKeyCacheMillis
      const touched = new Map<string, number>()
      // verified keys (and their user's role), by the SHA-256 of the presented key; failures are not cached
      const verified = new Map<string, { readonly key: ApiKeyRow; readonly role: Role | undefined; readonly at: number }>()
      const lookUp = (presented: string) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const digest = cacheFor > 0 ? hashSecret(presented) : ""
          const hit = cacheFor > 0 ? verified.get(digest) : undefined
          if (hit !== undefined && now - hit.at < cacheFor && now >= hit.at) return hit
          const key = yield* keys.verify(presented)
          const role = key.user_id === null ? undefined : yield* keys.role({ ...key, user_id: key.user_id })
          const entry = { key, role, at: now }
          if (cacheFor > 0) verified.set(digest, entry)
          return entry
        }).pipe(
          Effect.catchTag("ApiKeyRejected", (e) => Effect.fail(new ApiError.Unauthorized({ reason: e.reason }))),
          Effect.catchIf(isStorageError, (e) => Effect.fail(unavailable(e)))
        )
      return Authentication.of({
        apiKey: Effect.fn(function*(httpEffect, { credential, endpoint }) {
          const request = yield* HttpServerRequest.HttpServerRequest
          const presented = Redacted.value(credential) || bearer(request.headers.authorization)
          if (presented === undefined || presented === "") {
            return yield* new ApiError.Unauthorized({ reason: "no credentials: send an API key in X-API-Key or Authorization: Bearer" })
          }
          const { key, role } = yield* lookUp(presented)
          const taken = yield* limiter.take(key.id)
          if (!taken.allowed) return rateLimited(taken.retryAfterMillis, limiter.limit)
          const scope = requiredScope(endpoint)
          if (!key.scopes.includes(scope)) {
            return yield* new ApiError.Forbidden({ reason: `this key lacks the scope "${scope}"`, scope })
          }
          if (key.user_id !== null) {
            // a personal key acts as its user: only while a member, and approvals only as owner or admin
            if (role === undefined) {
              return yield* new ApiError.Forbidden({ reason: "the key's user is no longer a member of its account" })
            }
            if (scope === "approve" && !approverRoles.includes(role)) {
              return yield* new ApiError.Forbidden({
                reason: `the role "${role}" may not approve, reject or roll back (owner or admin only)`,
                scope
              })
            }
          }
          const now = yield* Clock.currentTimeMillis
          if ((touched.get(key.id) ?? 0) + touchEvery <= now) {
            touched.set(key.id, now)
            yield* keys.touch(key.id).pipe(Effect.ignore)
          }
          const principal = new Principal({
            keyId: key.id,
            accountId: key.account_id,
            userId: key.user_id,
            scopes: key.scopes as ReadonlyArray<Scope>
          })
          return yield* httpEffect.pipe(
            Effect.provideService(CurrentPrincipal, principal),
            Actor.withActor(principal.actor)
          )
        })
      })
    })
  )

// ---------------------------------------------------------------------------
// request size
// ---------------------------------------------------------------------------

/**
 * A global middleware that refuses a body larger than `maxBodyBytes` with
 * 413 `PayloadTooLarge`: at once when `Content-Length` says so, and when a
 * body sent without a length grows past it while being read.
 *
 * @since 0.1.0
 * @category layers
 */
export const bodyLimitLayer = (maxBodyBytes: number = defaultMaxBodyBytes) =>
  HttpRouter.middleware((httpEffect) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const length = Number(request.headers["content-length"] ?? "0")
      const tooLarge = () => payloadTooLarge(maxBodyBytes)
      if (Number.isFinite(length) && length > maxBodyBytes) return tooLarge()
      return yield* httpEffect.pipe(
        Effect.provideService(HttpIncomingMessage.MaxBodySize, maxBodyBytes as never),
        Effect.catchIf(isBodyTooLarge, () => Effect.succeed(tooLarge())),
        // the API reads JSON bodies with `orDie`: a body past the limit reaches here as a defect
        Effect.catchDefect((defect) => isBodyTooLarge(defect) ? Effect.succeed(tooLarge()) : Effect.die(defect))
      )
    }), { global: true })

/** The API's paths as patterns, each with the methods it takes. */
const apiRoutes: ReadonlyArray<{ readonly pattern: RegExp; readonly methods: ReadonlyArray<string> }> = (() => {
  const byPath = new Map<string, Set<string>>()
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => {
      const methods = byPath.get(endpoint.path) ?? new Set<string>()
      methods.add(endpoint.method)
      byPath.set(endpoint.path, methods)
    }
  })
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.split("/").map((part) => part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("/")}$`),
    methods: [...methods].sort()
  }))
})()

/**
 * Any `/api/*` request no route matched: a path of the API with a method it
 * does not take is 405 `MethodNotAllowed` with `Allow`; anything else is 404
 * `NotFound` naming the method and path. Both are JSON like every other error.
 * Routes with a static or parametric path (the API's, a dashboard's
 * `/api/dashboard/...`) match before this one.
 *
 * @since 0.1.0
 * @category layers
 */
export const notFoundLayer = HttpRouter.add("*", "/api/*", (request) => {
  const path = request.url.split("?")[0]!
  const allowed = apiRoutes.find((route) => route.pattern.test(path))?.methods
  if (allowed !== undefined && !allowed.includes(request.method)) {
    return Effect.succeed(HttpServerResponse.jsonUnsafe(
      Schema.encodeSync(ApiError.MethodNotAllowed)(new ApiError.MethodNotAllowed({ method: request.method, path, allowed })),
      { status: 405, headers: { allow: allowed.join(", ") } }
    ))
  }
  return Effect.succeed(HttpServerResponse.jsonUnsafe(
    Schema.encodeSync(ApiError.NotFound)(new ApiError.NotFound({ resource: "route", id: `${request.method} ${path}` })),
    { status: 404 }
  ))
})

// ---------------------------------------------------------------------------
// composition
// ---------------------------------------------------------------------------

/**
 * The handlers of every group.
 *
 * @since 0.1.0
 * @category layers
 */
export const handlers = Layer.mergeAll(
  CyclesHandlers.layer,
  DecisionsHandlers.layer,
  PerformanceHandlers.layer,
  AlertsHandlers.layer,
  RecommendationsHandlers.layer,
  LearningFeedbackHandlers.layer,
  ForecastsHandlers.layer,
  AutomationRulesHandlers.layer,
  SystemHandlers.layer,
  OptimizationsHandlers.layer,
  EventsHandlers.layer
)

/**
 * The API's routes, the OpenAPI document and the docs page, ready to be
 * merged with other routes (a dashboard) and served.
 *
 * @since 0.1.0
 * @category layers
 */
export const routes = (options: Options = {}) =>
  Layer.mergeAll(
    HttpApiBuilder.layer(Api, { openapiPath }).pipe(
      Layer.provide(handlers),
      Layer.provide(requestErrorsLayer),
      Layer.provide(authenticationLayer(options)),
      Layer.provide(Layer.mergeAll(ApiKeys.layer, RateLimiter.layer(options.rateLimit)))
    ),
    HttpApiScalar.layer(Api, { path: docsPath }),
    notFoundLayer,
    bodyLimitLayer(options.maxBodyBytes)
  )

/**
 * The base URL the server listens on (`http://127.0.0.1:41234`): with port 0,
 * the port the system picked.
 *
 * @since 0.1.0
 * @category accessors
 */
export const url: Effect.Effect<string, never, HttpServer.HttpServer> = HttpServer.addressFormattedWith(Effect.succeed)

type NodeServerServices = Layer.Success<ReturnType<typeof NodeHttpServer.layer>>

const listenError = (host: string, port: number) => (error: ServeError): PortInUse | ListenFailed => {
  const cause = error.cause as { readonly code?: unknown; readonly message?: unknown } | undefined
  if (cause?.code === "EADDRINUSE") return new PortInUse({ host, port })
  return new ListenFailed({ host, port, reason: typeof cause?.message === "string" ? cause.message : String(error.cause) })
}

/**
 * Serves the API and `extra` routes with Node's HTTP server on `host:port`
 * (127.0.0.1:8080 by default): the hook other routes mount on (a dashboard,
 * static assets, server-sent events). `extra` is any layer that adds routes
 * to `HttpRouter` (`HttpRouter.add`, `HttpRouter.addAll`, `HttpRouter.use`,
 * or several merged); it must not claim `/api/*` paths. Gives the
 * `HttpServer` (its `address` is the bound port; see {@link url}) and the
 * services `extra` needs besides the router are required from outside.
 *
 * The listen address taken fails with `PortInUse`; closing the layer's scope
 * stops accepting connections and lets requests in flight finish (up to
 * `shutdownTimeout`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = <A, E, R>(extra: Layer.Layer<A, E, R>, options: Options = {}) => {
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 8080
  return HttpRouter.serve(Layer.mergeAll(routes(options), extra), { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(createServer, { port, host, gracefulShutdownTimeout: options.shutdownTimeout ?? "10 seconds" }).pipe(
        Layer.catchTag("ServeError", (error) => Layer.effectContext<NodeServerServices, PortInUse | ListenFailed, never>(Effect.fail(listenError(host, port)(error))))
      )
    )
  )
}

/**
 * Serves the API with Node's HTTP server on `host:port` (127.0.0.1:8080 by
 * default). Needs the storage port, decision cycles and the alert service;
 * gives the `HttpServer` (its `address` is the bound port; see {@link url}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<HttpServer.HttpServer, PortInUse | ListenFailed, Storage | DecisionCycles | AlertService> =>
  layerWith(Layer.empty, options)
