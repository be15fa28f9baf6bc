/**
 * The event example server: one command, on the embedded database, with
 * demo data, serving the HTTP API and the dashboard on 127.0.0.1 for the demo
 * event's account while the built-in agents (session recommender, matchmaker,
 * sponsor leads, programme scheduler) run every six hours in the same process.
 *
 *   npx tsx examples/event-server/main.ts [--port 8081] [--data-dir DIR] [--reset] [--days 30]
 *   npm run example:event
 *
 * PORT in the environment sets the port too (--port wins). See README.md.
 */
import { runExample } from "../internal/runExample.ts"

runExample({
  name: "event-server",
  title: "Event example server",
  profile: "event",
  defaultPort: 8081,
  schedule: "the built-in agents run at start-up and every six hours"
})
