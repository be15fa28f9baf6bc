/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * tickets: the ticket types an event sells (Open Event Server's tickets,
 * pretix's items): price and currency, quantity on sale (NULL = unlimited),
 * per-order limits and the sales window.
 *
 * @since 0.1.0
 * @category tables
 */
export const Tickets = Table.make({
  name: "tickets",
  origin: "core-events",
  description: "Ticket types an event sells: price, quantity, order limits, sales window",
  primaryKey: "id",
  checks: [
    {
      name: "tickets_order_limits_check",
      field: "max_per_order",
      description: "max_per_order must be at least min_per_order",
      holds: (row) => ordered(row.min_per_order ?? 1, row.max_per_order)
    },
    {
      name: "tickets_sales_window_check",
      field: "sales_end_at",
      description: "sales_end_at must be after sales_start_at",
      holds: (row) => ordered(row.sales_start_at, row.sales_end_at, true)
    },
    {
      name: "tickets_free_price_check",
      field: "price",
      description: "a free ticket costs 0",
      holds: (row) => row.ticket_type !== "free" || (row.price ?? 0) === 0
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    description: Column.text().nullable(),
    ticket_type: Column.oneOf(["paid", "free", "donation"]).default("'paid'"),
    price: Column.numeric(12, 2).default("0").check("price >= 0; 0 when ticket_type = 'free' (tickets_free_price_check)", Column.atLeast(0)),
    currency: Column.text().check("currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    quantity: Column.integer().nullable().check("quantity >= 0 (NULL = unlimited)", Column.atLeast(0)),
    min_per_order: Column.integer().default("1").check("min_per_order >= 1", Column.atLeast(1)),
    max_per_order: Column.integer().nullable().check("max_per_order >= 1 and >= min_per_order (tickets_order_limits_check)", Column.atLeast(1)),
    sales_start_at: Column.timestamptz().nullable(),
    sales_end_at: Column.timestamptz().nullable().check("sales_end_at > sales_start_at (tickets_sales_window_check)"),
    is_hidden: Column.boolean().default("false"),
    position: Column.integer().default("0"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
