/**
 * The middleware that turns a request that does not decode into a 400 whose
 * JSON body names the parameter (`query.limit`, `body.confidence`) and the
 * rule, instead of effect's default empty 400.
 *
 * @since 0.1.0
 */
import { HttpApiMiddleware } from "effect/http-api"
import { InvalidRequest } from "./ApiError.ts"

/**
 * Declared on the whole API; provided by `Server.ts`.
 *
 * @since 0.1.0
 * @category middleware
 */
export class RequestErrors extends HttpApiMiddleware.Service<RequestErrors>()("ringmaster/http/RequestErrors", {
  error: InvalidRequest
}) {}
