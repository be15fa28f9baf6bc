/**
 * The `sponsorship` agent type: sponsor-to-attendee leads within each
 * package's entitlement, and one performance insight per sponsor.
 *
 * It reads the event's confirmed sponsors (offering topics from
 * `metadata.topics`) and their packages (the lead entitlement from
 * `benefits`, see `sponsorship/Rows.ts`), the attendees (interests and
 * `answers.sponsorship`: opt-out, a personal cap, topics looked for), every
 * earlier lead (`events_ai.ai_recommendations` with `recommendation_type =
 * 'sponsor'`), the sessions' tags and who attended them, and check-ins.
 *
 * Where leads go: an `ai_recommendations` row of type `sponsor` is exactly a
 * lead: the attendee's user (`user_id`), the sponsor as the recommended item
 * (`recommended_item_id`, `recommended_item_type = 'sponsor'`), the relevance
 * as confidence, the matched topics as `reasoning`, and the attendee's answer
 * in `is_accepted` (consent to be contacted) and `feedback_score`. A sponsor's
 * leads are its rows. No other table of the seeds holds a person-to-sponsor
 * pairing (`ai_communications` is a message, not a lead). The row needs a
 * user, so attendees without one are left out (counted in `withoutUser`).
 *
 * Earlier leads the attendee accepted are kept and count against the
 * sponsor's entitlement and the attendee's cap; declined ones are never
 * proposed again; unanswered ones are replaced on every run, so re-running
 * never duplicates. Insights go to `ai_insights` (`sponsor_performance`, see
 * `sponsorship/Insights.ts`), replacing this agent's earlier unimplemented
 * ones for the event. A sponsor whose row does not read (bad
 * `metadata.topics` or package benefits) or an attendee whose
 * `answers.sponsorship` does not decode is left out and counted in
 * `malformed`, not the whole run. In shadow mode (the agent is `training`) it
 * matches and reports but writes nothing.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import { Attendees } from "../../storage/schema/events/Attendees.ts"
import { SessionAttendees } from "../../storage/schema/events/SessionAttendees.ts"
import { Sessions } from "../../storage/schema/events/Sessions.ts"
import { Sponsors } from "../../storage/schema/events/Sponsors.ts"
import { SponsorshipPackages } from "../../storage/schema/events/SponsorshipPackages.ts"
import { AiInsights } from "../../storage/schema/eventsAi/AiInsights.ts"
import { AiRecommendations } from "../../storage/schema/eventsAi/AiRecommendations.ts"
import { Storage } from "../../storage/Storage.ts"
import * as Agent from "../Agent.ts"
import * as Insights from "./sponsorship/Insights.ts"
import * as Matcher from "./sponsorship/Matcher.ts"
import type { LeadPair } from "./sponsorship/Model.ts"
import * as Rows from "./sponsorship/Rows.ts"

/**
 * The agent's configuration (`ai_agents.configuration`).
 *
 * @since 0.1.0
 * @category models
 */
export const Configuration = Schema.Struct({
  /** sponsors an attendee is passed to, unless the attendee asks for fewer */
  maxSponsorsPerAttendee: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(3))
  ),
  /** a lead must score above this relevance (0: at least one shared topic) */
  minScore: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0), Schema.isLessThan(1)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0))
  ),
  /** run the local improvement after the greedy */
  improve: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true))),
  /** posterior probability a rate finding needs in an insight */
  evidence: Schema.Finite.check(Schema.isGreaterThan(0.5), Schema.isLessThan(1)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.9))
  ),
  expiresInHours: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(168)))
})

/**
 * The event to match sponsors and attendees of.
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({ eventId: Schema.String })

/**
 * What a run did.
 *
 * @since 0.1.0
 * @category models
 */
export const Output = Schema.Struct({
  sponsors: Schema.Int,
  eligible: Schema.Int,
  /** new leads proposed */
  leads: Schema.Int,
  /** earlier accepted leads kept */
  kept: Schema.Int,
  declinedPairs: Schema.Int,
  /** confirmed sponsors with fewer leads than their entitlement */
  underDelivered: Schema.Int,
  /** sponsors and attendees left out because their rows do not read */
  malformed: Schema.Struct({ sponsors: Schema.Int, attendees: Schema.Int }),
  /** attendees left out because they have no user (a lead row needs one) */
  withoutUser: Schema.Int,
  /** rows written: leads and insights (0 in shadow mode) */
  written: Schema.Int,
  insights: Schema.Int,
  totalScore: Schema.Finite
})

const round2 = (x: number): number => Math.round(x * 100) / 100

const json = (value: unknown): Schema.Json => JSON.parse(JSON.stringify(value)) as Schema.Json

/**
 * The agent type.
 *
 * @since 0.1.0
 * @category agents
 */
export const SponsorshipAgent = Agent.make({
  type: "sponsorship",
  version: "1.0.0",
  description: "Sponsor leads within each package's entitlement, and per-sponsor performance insights",
  configuration: Configuration,
  input: Input,
  output: Output,
  handler: (input, context) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const config = context.configuration
      const sponsorRows = (yield* storage.find(Sponsors, {
        where: { event_id: input.eventId, status: "confirmed" },
        orderBy: [{ column: "name" }, { column: "id" }]
      })).items
      const packages = new Map(
        (yield* storage.find(SponsorshipPackages, { where: { event_id: input.eventId } })).items.map((p) => [p.id, p])
      )
      const decodedSponsors = yield* Effect.forEach(sponsorRows, (row) => Effect.option(Rows.toSponsor(row, packages)))
      const sponsors = decodedSponsors.flatMap((s) => (s._tag === "Some" ? [s.value] : []))
      const rows = (yield* storage.find(Attendees, { where: { event_id: input.eventId } })).items
      const withUser = rows.filter((r) => r.user_id !== null)
      const decoded = yield* Effect.forEach(withUser, (row) => Effect.option(Rows.toAttendee(row)))
      const attendees = decoded.flatMap((a) => (a._tag === "Some" ? [a.value] : []))
      const attendeeOfUser = new Map(withUser.map((r) => [r.user_id!, r.id]))
      const userOf = new Map(withUser.map((r) => [r.id, r.user_id!]))
      const sponsorIds = new Set(sponsors.map((s) => s.id))
      const previous = (yield* storage.find(AiRecommendations, {
        where: { event_id: input.eventId, recommendation_type: "sponsor" }
      })).items
      const accepted: Array<LeadPair> = []
      const declined: Array<LeadPair> = []
      const outcomes: Array<Insights.Outcome> = []
      for (const r of previous) {
        const attendeeId = attendeeOfUser.get(r.user_id)
        if (attendeeId === undefined || r.is_accepted === null) continue
        const pair = { sponsorId: r.recommended_item_id, attendeeId }
        outcomes.push({ ...pair, accepted: r.is_accepted })
        if (r.is_accepted) accepted.push(pair)
        else declined.push(pair)
      }
      const kept = accepted.filter((p) => sponsorIds.has(p.sponsorId))
      const output = yield* Effect.orDie(Matcher.match({ sponsors, attendees, accepted, declined }, {
        maxSponsorsPerAttendee: config.maxSponsorsPerAttendee,
        minScore: config.minScore,
        improve: config.improve
      }))

      // engagement of the eligible attendees: check-in, and the tags of the sessions they attended
      const sessions = (yield* storage.find(Sessions, { where: { event_id: input.eventId } })).items
      const tagsOf = new Map(sessions.map((s) => [s.id, s.tags]))
      const attendance = sessions.length === 0 ? [] : (yield* storage.find(SessionAttendees, {
        where: { session_id: { in: sessions.map((s) => s.id) } }
      })).items
      const attendedTopics = new Map<string, Array<string>>()
      for (const a of attendance) {
        if (a.status !== "attended" && a.checked_in_at === null) continue
        const topics = attendedTopics.get(a.attendee_id)
        if (topics === undefined) attendedTopics.set(a.attendee_id, [...(tagsOf.get(a.session_id) ?? [])])
        else topics.push(...(tagsOf.get(a.session_id) ?? []))
      }
      const rowOf = new Map(rows.map((r) => [r.id, r]))
      const engagement: Array<Insights.Engagement> = attendees.filter((a) => a.optedOut !== true).map((a) => ({
        attendeeId: a.id,
        checkedIn: rowOf.get(a.id)?.checked_in_at != null,
        attendedTopics: attendedTopics.get(a.id) ?? []
      }))
      const names = new Map(sponsorRows.map((r) => [r.id, r]))
      const insights = Insights.compute({
        sponsors: sponsors.map((s) => {
          const row = names.get(s.id)!
          return { id: s.id, name: row.name, topics: s.topics, contractAmount: row.contract_amount ?? undefined }
        }),
        stats: output.sponsors,
        leads: output.leads,
        kept,
        outcomes,
        engagement
      }, { evidence: config.evidence })

      const now = yield* Clock.currentTimeMillis
      const expiresAt = new Date(now + config.expiresInHours * 3_600_000)
      const leadRows = output.leads.map((lead) => ({
        user_id: userOf.get(lead.attendeeId)!,
        event_id: input.eventId,
        recommendation_type: "sponsor" as const,
        recommended_item_id: lead.sponsorId,
        recommended_item_type: "sponsor",
        confidence_score: round2(lead.score),
        reasoning: {
          score: lead.score,
          topics: [...lead.topics],
          sponsor: names.get(lead.sponsorId)!.name
        } as Record<string, Schema.Json>,
        expires_at: expiresAt
      }))
      const insightRows = insights.map((x) => ({
        event_id: input.eventId,
        insight_type: "sponsor_performance" as const,
        insight_title: x.title,
        insight_description: x.description,
        insight_data: json({ ...x.figures, findings: x.findings }),
        confidence_score: round2(x.confidence),
        impact_score: round2(x.impact),
        actionable_items: x.actions.map(json),
        generated_by_agent_id: context.agent.id
      }))
      if (context.mode === "live") {
        yield* storage.transaction(Effect.gen(function*() {
          // unanswered leads are replaced; answered ones are the attendees' history and stay
          yield* storage.deleteMany(AiRecommendations, {
            event_id: input.eventId,
            recommendation_type: "sponsor",
            is_accepted: { isNull: true },
            feedback_score: { isNull: true }
          })
          yield* storage.deleteMany(AiInsights, {
            event_id: input.eventId,
            insight_type: "sponsor_performance",
            generated_by_agent_id: context.agent.id,
            is_implemented: false
          })
          if (leadRows.length > 0) yield* storage.insertMany(AiRecommendations, leadRows)
          if (insightRows.length > 0) yield* storage.insertMany(AiInsights, insightRows)
        }))
      }
      return {
        sponsors: sponsors.length,
        eligible: output.stats.eligible,
        leads: output.leads.length,
        kept: kept.length,
        declinedPairs: declined.length,
        underDelivered: output.sponsors.filter((s) => s.kept + s.delivered < s.entitlement).length,
        malformed: { sponsors: sponsorRows.length - sponsors.length, attendees: withUser.length - attendees.length },
        withoutUser: rows.length - withUser.length,
        written: context.mode === "live" ? leadRows.length + insightRows.length : 0,
        insights: insights.length,
        totalScore: output.totalScore
      }
    })
})
