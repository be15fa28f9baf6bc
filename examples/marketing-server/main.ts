/**
 * The marketing example server: one command, on the embedded database, with
 * demo data, serving the HTTP API and the dashboard on 127.0.0.1 while the
 * daily decision cycles run on their schedule in the same process.
 *
 *   npx tsx examples/marketing-server/main.ts [--port 8080] [--data-dir DIR] [--reset] [--days 30]
 *   npm run example:marketing
 *
 * PORT in the environment sets the port too (--port wins). See README.md.
 */
import { runExample } from "../internal/runExample.ts"

runExample({
  name: "marketing-server",
  title: "Marketing example server",
  profile: "marketing",
  defaultPort: 8080,
  schedule: "the daily decision cycle runs at start-up and at every UTC midnight"
})
