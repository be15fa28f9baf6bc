/**
 * The event platform's core tables (seed 000 references them without defining them): events, sessions, attendees, tickets, orders, sponsors and what they need.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { Venues } from "./Venues.ts"
import { Events } from "./Events.ts"
import { Rooms } from "./Rooms.ts"
import { Tracks } from "./Tracks.ts"
import { Speakers } from "./Speakers.ts"
import { Sessions } from "./Sessions.ts"
import { SessionSpeakers } from "./SessionSpeakers.ts"
import { Tickets } from "./Tickets.ts"
import { Attendees } from "./Attendees.ts"
import { Orders } from "./Orders.ts"
import { OrderItems } from "./OrderItems.ts"
import { SessionAttendees } from "./SessionAttendees.ts"
import { SponsorshipPackages } from "./SponsorshipPackages.ts"
import { Sponsors } from "./Sponsors.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  Venues,
  /**
   * @since 0.1.0
   * @category tables
   */
  Events,
  /**
   * @since 0.1.0
   * @category tables
   */
  Rooms,
  /**
   * @since 0.1.0
   * @category tables
   */
  Tracks,
  /**
   * @since 0.1.0
   * @category tables
   */
  Speakers,
  /**
   * @since 0.1.0
   * @category tables
   */
  Sessions,
  /**
   * @since 0.1.0
   * @category tables
   */
  SessionSpeakers,
  /**
   * @since 0.1.0
   * @category tables
   */
  Tickets,
  /**
   * @since 0.1.0
   * @category tables
   */
  Attendees,
  /**
   * @since 0.1.0
   * @category tables
   */
  Orders,
  /**
   * @since 0.1.0
   * @category tables
   */
  OrderItems,
  /**
   * @since 0.1.0
   * @category tables
   */
  SessionAttendees,
  /**
   * @since 0.1.0
   * @category tables
   */
  SponsorshipPackages,
  /**
   * @since 0.1.0
   * @category tables
   */
  Sponsors
}

/**
 * The tables of this domain in dependency (foreign-key) order.
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [
  Venues,
  Events,
  Rooms,
  Tracks,
  Speakers,
  Sessions,
  SessionSpeakers,
  Tickets,
  Attendees,
  Orders,
  OrderItems,
  SessionAttendees,
  SponsorshipPackages,
  Sponsors
]
