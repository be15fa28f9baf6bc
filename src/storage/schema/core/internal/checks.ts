/**
 * Checks shared by the core and event tables, each the Effect Schema twin of a
 * CHECK written in migrations 0001/0002.
 *
 * @since 0.1.0
 * @internal
 */
import { Schema } from "effect"

/**
 * `CHECK (col ~ '^[A-Z]{3}$')`: an ISO 4217 currency code.
 *
 * @since 0.1.0
 * @internal
 */
export const currencyCode = Schema.isPattern(/^[A-Z]{3}$/, { expected: "an ISO 4217 currency code (three upper-case letters)" })

/**
 * `CHECK (col ~ '^[A-Z]{2}$')`: an ISO 3166-1 alpha-2 country code.
 *
 * @since 0.1.0
 * @internal
 */
export const countryCode = Schema.isPattern(/^[A-Z]{2}$/, { expected: "an ISO 3166-1 alpha-2 country code" })

/**
 * `CHECK (col ~ '^[^@[:space:]]+@[^@[:space:]]+$')`: an email address.
 *
 * @since 0.1.0
 * @internal
 */
export const email = Schema.isPattern(/^[^@\s]+@[^@\s]+$/, { expected: "an email address" })

/**
 * `CHECK (col ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`: a URL slug.
 *
 * @since 0.1.0
 * @internal
 */
export const slug = Schema.isPattern(/^[a-z0-9]+(-[a-z0-9]+)*$/, { expected: "a slug (lower-case letters, digits, single dashes)" })

/**
 * `CHECK (col ~ '^#[0-9A-Fa-f]{6}$')`: a hex colour.
 *
 * @since 0.1.0
 * @internal
 */
export const hexColor = Schema.isPattern(/^#[0-9A-Fa-f]{6}$/, { expected: "a hex colour #RRGGBB" })

/**
 * the SQL of the email CHECK, for descriptions
 *
 * @since 0.1.0
 * @internal
 */
export const emailSql = "~ '^[^@[:space:]]+@[^@[:space:]]+$'"
