/**
 * A Node `Duplex` that speaks the PostgreSQL frontend/backend wire protocol to an
 * in-process PGlite instance, so `@effect/sql-pg`'s `PgClient` can drive PGlite
 * exactly as it drives a server.
 *
 * Framing: the client's first messages (SSLRequest, GSSENCRequest, StartupMessage,
 * CancelRequest) carry no type byte, every later message is `type:u8 length:i32`.
 * We answer `N` to SSL/GSS requests ourselves, forward everything else to PGlite one
 * batch of complete messages at a time, and end the stream on Terminate (`X`).
 *
 * @internal
 */
import type { PGlite } from "@electric-sql/pglite"
import { Duplex } from "node:stream"
import { describeCause } from "./describeCause.ts"

const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const CANCEL_REQUEST = 80877102

/** @internal */
export const makePgliteStream = (db: PGlite): Duplex => {
  let buffer: Buffer = Buffer.alloc(0)
  let startup = true
  let chain: Promise<void> = Promise.resolve()
  let ended = false

  const duplex = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      const batch: Array<Buffer> = []
      let terminate = false
      while (true) {
        if (startup) {
          if (buffer.length < 8) break
          const length = buffer.readInt32BE(0)
          if (buffer.length < length) break
          const code = buffer.readInt32BE(4)
          const message = buffer.subarray(0, length)
          buffer = buffer.subarray(length)
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            duplex.push(Buffer.from("N"))
            continue
          }
          if (code === CANCEL_REQUEST) {
            continue
          }
          startup = false
          batch.push(message)
          continue
        }
        if (buffer.length < 5) break
        const length = buffer.readInt32BE(1) + 1
        if (buffer.length < length) break
        const message = buffer.subarray(0, length)
        buffer = buffer.subarray(length)
        if (message[0] === 0x58 /* X: Terminate */) {
          terminate = true
          break
        }
        batch.push(message)
      }
      if (batch.length > 0) {
        const payload = batch.length === 1 ? batch[0]! : Buffer.concat(batch)
        chain = chain.then(() =>
          db.runExclusive(() =>
            db.execProtocolRawStream(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), {
              onRawData: (data: Uint8Array) => {
                if (!ended) duplex.push(Buffer.from(data))
              }
            })
          )
        ).catch((error: unknown) => {
          duplex.destroy(error instanceof Error ? error : new Error(`PGlite failed: ${describeCause(error)}`))
        })
      }
      if (terminate) {
        chain = chain.then(() => {
          ended = true
          duplex.push(null)
        })
      }
      callback()
    },
    final(callback) {
      chain.then(() => {
        if (!ended) {
          ended = true
          duplex.push(null)
        }
        callback()
      }, callback)
    }
  })
  return duplex
}
