/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { sameAmount } from "../internal/tableChecks.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * orders: a purchase for an event, placed by an attendee (seed 000's
 * "ATTENDEES places ORDERS") and/or a signed-in user: status, currency,
 * totals (`total = subtotal - discount + tax`) and payment reference.
 *
 * @since 0.1.0
 * @category tables
 */
export const Orders = Table.make({
  name: "orders",
  origin: "core-events",
  description: "Purchases for an event: status, totals, payment",
  primaryKey: "id",
  checks: [
    {
      name: "orders_total_consistent",
      field: "total_amount",
      description: "total_amount must equal subtotal_amount - discount_amount + tax_amount",
      holds: (row) =>
        sameAmount(row.total_amount ?? 0, (row.subtotal_amount ?? 0) - (row.discount_amount ?? 0) + (row.tax_amount ?? 0))
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    attendee_id: Column.uuid().nullable(),
    user_id: Column.uuid().nullable(),
    order_number: Column.text().check("length(order_number) > 0; unique per event", Column.nonEmpty()),
    email: Column.text().check(`email ${Checks.emailSql}`, Checks.email),
    status: Column.oneOf(["pending", "paid", "cancelled", "refunded", "partially_refunded", "expired"]).default("'pending'"),
    currency: Column.text().check("currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    subtotal_amount: Column.numeric(12, 2).default("0").check("subtotal_amount >= 0", Column.atLeast(0)),
    discount_amount: Column.numeric(12, 2).default("0").check("discount_amount >= 0", Column.atLeast(0)),
    tax_amount: Column.numeric(12, 2).default("0").check("tax_amount >= 0", Column.atLeast(0)),
    total_amount: Column.numeric(12, 2).default("0").check(
      "total_amount >= 0; total_amount = subtotal_amount - discount_amount + tax_amount (orders_total_consistent)",
      Column.atLeast(0)
    ),
    payment_provider: Column.text().nullable(),
    payment_reference: Column.text().nullable(),
    paid_at: Column.timestamptz().nullable(),
    cancelled_at: Column.timestamptz().nullable(),
    expires_at: Column.timestamptz().nullable(),
    metadata: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
