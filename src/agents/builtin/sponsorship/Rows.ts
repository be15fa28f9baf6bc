/**
 * From rows of `sponsors`, `sponsorship_packages` and `attendees`
 * (src/storage/schema/events/) to the matcher's input, without a database:
 * the caller reads the rows. How the columns are read:
 *
 * - **Entitlement** (leads per sponsor) lives in the sponsor's package, in its
 *   `benefits` JSON array, next to the other benefits (booth, passes, logo).
 *   A benefit is a lead entitlement when it is an object
 *   `{ "kind": "leads", "count": N }` (the object form the conformance
 *   fixtures use for every benefit: `{ "kind": "passes", "count": 8 }`) or a
 *   string such as `"150 leads"` / `"150 qualified leads"` (the string form
 *   the demo data uses: `"10 passes"`). Several are added up; other benefits
 *   are ignored. A sponsor without a package, or whose package names no
 *   leads, is entitled to none. A `leads` object whose `count` is not a
 *   non-negative integer is an `InvalidInput` naming it.
 * - **Topics** of the sponsor's offering: `metadata.topics`, an array of
 *   strings (none when absent).
 * - Only `confirmed` sponsors get leads (a prospect or a cancelled deal has no
 *   entitlement to honour).
 * - **Attendees**: `interests`, plus the sponsorship answers in the row's
 *   `answers` JSON object under `sponsorship` ({@link SponsorshipAnswers}:
 *   `optedOut`, `maxSponsors`, `lookingFor` — topics the attendee wants to
 *   hear about from sponsors, added to the interests). Only `registered` and
 *   `confirmed` attendees take part: the others are marked opted out.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Attendee, Sponsor } from "./Model.ts"
import { InvalidInput } from "./SponsorshipError.ts"

/**
 * The sponsorship part of an attendee's registration answers
 * (`answers.sponsorship`).
 *
 * @since 0.1.0
 * @category models
 */
export const SponsorshipAnswers = Schema.Struct({
  optedOut: Schema.optionalKey(Schema.Boolean),
  maxSponsors: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  lookingFor: Schema.optionalKey(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type SponsorshipAnswers = typeof SponsorshipAnswers.Type

/**
 * The columns of an `attendees` row the matcher reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface AttendeeRow {
  readonly id: string
  readonly status: string
  readonly interests: ReadonlyArray<string>
  readonly answers: unknown
}

/**
 * The columns of a `sponsors` row the matcher reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface SponsorRow {
  readonly id: string
  readonly package_id: string | null
  readonly status: string
  readonly metadata: unknown
}

/**
 * The columns of a `sponsorship_packages` row the matcher reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface PackageRow {
  readonly id: string
  readonly benefits: unknown
}

const present: ReadonlySet<string> = new Set(["registered", "confirmed"])

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value) && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined

const leadsText = /^\s*(\d+)\s+(?:[a-z-]+\s+)?leads?\s*$/i

/**
 * The leads a package's `benefits` entitle a sponsor to (see the module
 * documentation). Fails with `InvalidInput` naming the package and the
 * benefit when `benefits` is not an array or a `leads` object has a bad
 * `count`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const entitlement = (pkg: PackageRow): Effect.Effect<number, InvalidInput> =>
  Effect.gen(function*() {
    if (!Array.isArray(pkg.benefits)) {
      return yield* new InvalidInput({ field: `sponsorship_packages[${pkg.id}].benefits`, reason: "must be a JSON array" })
    }
    let total = 0
    for (const [i, b] of (pkg.benefits as ReadonlyArray<unknown>).entries()) {
      if (typeof b === "string") {
        const m = leadsText.exec(b)
        if (m !== null) total += Number(m[1])
      } else if (field(b, "kind") === "leads") {
        const count = field(b, "count")
        if (!(typeof count === "number" && Number.isInteger(count) && count >= 0)) {
          return yield* new InvalidInput({
            field: `sponsorship_packages[${pkg.id}].benefits[${i}].count`,
            reason: `must be a non-negative integer, got ${JSON.stringify(count) ?? "nothing"}`
          })
        }
        total += count
      }
    }
    return total
  })

/**
 * A confirmed sponsor with its package as the matcher's sponsor. Fails with
 * `InvalidInput` when `metadata.topics` is not an array of strings or the
 * package's benefits do not read (see {@link entitlement}); a sponsor whose
 * `package_id` names no row in `packages` is entitled to no leads.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toSponsor = (
  row: SponsorRow,
  packages: ReadonlyMap<string, PackageRow>
): Effect.Effect<Sponsor, InvalidInput> =>
  Effect.gen(function*() {
    const topics = field(row.metadata, "topics") ?? []
    if (!(Array.isArray(topics) && topics.every((t) => typeof t === "string"))) {
      return yield* new InvalidInput({ field: `sponsors[${row.id}].metadata.topics`, reason: "must be an array of strings" })
    }
    const pkg = row.package_id === null ? undefined : packages.get(row.package_id)
    const leads = pkg === undefined || row.status !== "confirmed" ? 0 : yield* entitlement(pkg)
    return { id: row.id, topics: topics as ReadonlyArray<string>, entitlement: leads }
  })

/**
 * An attendee row as the matcher's attendee (see the module documentation).
 * Fails with `InvalidInput` naming the attendee when `answers.sponsorship`
 * does not decode.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toAttendee = (row: AttendeeRow): Effect.Effect<Attendee, InvalidInput> =>
  Schema.decodeUnknownEffect(SponsorshipAnswers)(field(row.answers, "sponsorship") ?? {}).pipe(
    Effect.mapError((e) => new InvalidInput({ field: `attendees[${row.id}].answers.sponsorship`, reason: e.message })),
    Effect.map((a): Attendee => {
      const optedOut = a.optedOut === true || !present.has(row.status)
      return {
        id: row.id,
        interests: [...row.interests, ...(a.lookingFor ?? [])],
        ...(optedOut ? { optedOut } : {}),
        ...(a.maxSponsors === undefined ? {} : { maxSponsors: a.maxSponsors })
      }
    })
  )
