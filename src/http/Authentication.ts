/**
 * Authentication of the HTTP API, as the API definition sees it (shared by
 * the server and the typed client; the server's implementation is in
 * `Server.ts`).
 *
 * A request presents an API key in the `X-API-Key` header, or as
 * `Authorization: Bearer <key>`. The key's account scopes every query, and
 * the request runs as the key's actor (see {@link Principal.actor}), so the
 * row-level security of migration 0011 applies to every query it makes. Each endpoint
 * needs a scope: `read` for GET, `write` for other methods, unless the
 * endpoint is annotated with {@link RequiredScope} (approvals and rollbacks
 * need `approve`).
 *
 * @since 0.1.0
 */
import { Context, Schema } from "effect"
import { HttpApiMiddleware, HttpApiSecurity, OpenApi } from "effect/http-api"
import * as Actor from "../storage/Actor.ts"
import type { Scope } from "../storage/schema/http/ApiKeys.ts"
import { Forbidden, RateLimited, Unauthorized, Unavailable } from "./ApiError.ts"

/**
 * Who a request comes from: the key, its account, the user it acts for (if
 * any) and its scopes.
 *
 * @since 0.1.0
 * @category models
 */
export class Principal extends Schema.Class<Principal>("ringmaster/http/Principal")({
  keyId: Schema.String,
  accountId: Schema.String,
  userId: Schema.NullOr(Schema.String),
  scopes: Schema.Array(Schema.Literals(["read", "write", "approve"]))
}) {
  /**
   * The storage actor requests run as: the user a personal key acts for, or
   * the service `api-key:<id>`; both carry the account.
   */
  get actor(): Actor.Actor {
    return this.userId === null
      ? new Actor.Service({ name: `api-key:${this.keyId}`, accountId: this.accountId })
      : new Actor.User({ id: this.userId, accountId: this.accountId })
  }
}

/**
 * The authenticated principal of the current request.
 *
 * @since 0.1.0
 * @category services
 */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()("ringmaster/http/CurrentPrincipal") {}

/**
 * An endpoint annotation: the scope it needs, when not the default for its
 * method (`read` for GET, `write` otherwise).
 *
 * @since 0.1.0
 * @category annotations
 */
export const RequiredScope = Context.Reference<Scope | undefined>("ringmaster/http/RequiredScope", {
  defaultValue: () => undefined
})

/**
 * The header an API key is sent in.
 *
 * @since 0.1.0
 * @category constants
 */
export const apiKeyHeader = "x-api-key"

/**
 * The authentication middleware: decodes the key, checks the scope and the
 * rate limit, provides {@link CurrentPrincipal} and runs the endpoint as the
 * principal's actor.
 *
 * @since 0.1.0
 * @category middleware
 */
export class Authentication extends HttpApiMiddleware.Service<Authentication, {
  provides: CurrentPrincipal
}>()("ringmaster/http/Authentication", {
  security: {
    apiKey: HttpApiSecurity.apiKey({ key: "X-API-Key", in: "header" }).pipe(
      HttpApiSecurity.annotate(OpenApi.Description, "An API key (`rm_<prefix>_<secret>`, from `ringmaster keys create`). `Authorization: Bearer <key>` is accepted too.")
    )
  },
  error: [Unauthorized, Forbidden, RateLimited, Unavailable]
}) {}
