/**
 * One line for whatever was thrown, so no message reads `[object Object]`
 * (PGlite and Emscripten throw plain objects).
 *
 * @internal
 */

/** @internal */
export const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) {
    const code = "code" in cause && typeof cause.code === "string" && !cause.message.includes(cause.code) ? ` (${cause.code})` : ""
    return `${cause.message || cause.name}${code}`
  }
  if (typeof cause === "object" && cause !== null) {
    if ("message" in cause && typeof cause.message === "string" && cause.message !== "") return cause.message
    // Emscripten's ExitStatus and friends: { name, status }
    if ("name" in cause && typeof cause.name === "string") {
      return "status" in cause ? `${cause.name} ${String(cause.status)}` : cause.name
    }
    try {
      return JSON.stringify(cause)
    } catch {
      return Object.prototype.toString.call(cause)
    }
  }
  return String(cause)
}
