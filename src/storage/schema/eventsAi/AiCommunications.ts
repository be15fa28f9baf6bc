/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_communications: messages (email, SMS, push, in-app) to a user, attendee
 * or sponsor, with schedule, delivery status and engagement (seed 000 §7).
 * `recipient_id` is polymorphic (by `recipient_type`), so it has no foreign key.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiCommunications = Table.make({
  name: "ai_communications",
  origin: "seed-000",
  description: "Messages to users, attendees or sponsors: schedule, delivery, engagement",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    communication_type: Column.oneOf(["email", "sms", "push_notification", "in_app_message"]),
    recipient_id: Column.uuid(),
    recipient_type: Column.oneOf(["user", "attendee", "sponsor"]),
    subject: Column.text().nullable(),
    content: Column.text(),
    personalization_data: Column.jsonObject().nullable().default("'{}'"),
    send_scheduled_at: Column.timestamptz().nullable(),
    sent_at: Column.timestamptz().nullable(),
    delivery_status: Column.oneOf(["pending", "sent", "delivered", "opened", "clicked", "failed"]).nullable().default("'pending'"),
    engagement_metrics: Column.jsonObject().nullable().default("'{}'"),
    generated_by_agent_id: Column.uuid().nullable(),
    created_at: Column.timestamptz().nullable().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
