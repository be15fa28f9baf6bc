/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { sameAmount } from "../internal/tableChecks.ts"

/**
 * order_items: the lines of an order, one ticket type each, optionally
 * assigned to the attendee who holds it (pretix's order positions).
 * `line_total = quantity * unit_price - discount_amount`.
 *
 * @since 0.1.0
 * @category tables
 */
export const OrderItems = Table.make({
  name: "order_items",
  origin: "core-events",
  description: "Lines of an order: ticket type, quantity, price, holder",
  primaryKey: "id",
  checks: [
    {
      name: "order_items_line_total_consistent",
      field: "line_total",
      description: "line_total must equal quantity * unit_price - discount_amount",
      holds: (row) =>
        row.unit_price === undefined || row.line_total === undefined ||
        sameAmount(row.line_total, (row.quantity ?? 1) * row.unit_price - (row.discount_amount ?? 0))
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    order_id: Column.uuid(),
    ticket_id: Column.uuid(),
    attendee_id: Column.uuid().nullable(),
    quantity: Column.integer().default("1").check("quantity > 0", Column.greaterThan(0)),
    unit_price: Column.numeric(12, 2).check("unit_price >= 0", Column.atLeast(0)),
    discount_amount: Column.numeric(12, 2).default("0").check("discount_amount >= 0", Column.atLeast(0)),
    line_total: Column.numeric(12, 2).check(
      "line_total >= 0; line_total = quantity * unit_price - discount_amount (order_items_line_total_consistent)",
      Column.atLeast(0)
    ),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
