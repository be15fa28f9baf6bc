/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
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
