/**
 * A human summary of a schedule: what was placed, what could not be and why
 * (in pretalx's terms), the hard-constraint count and the soft objective's
 * breakdown. What `ringmaster schedule` prints; usable by any host.
 *
 * @since 0.1.0
 */
import type { Problem } from "./Problem.ts"
import type { Schedule } from "./Solver.ts"

const words: Record<string, string> = {
  outside_availability: "no room is available long enough",
  speaker_unavailable: "a speaker is unavailable at every possible time",
  room_overlap: "every possible room and time is taken",
  speaker_double_booked: "a speaker presents elsewhere at every possible time",
  capacity: "no room is big enough",
  unplaced: "longer than any session block"
}

const count = (n: number) => n.toLocaleString("en-US")

const fixed = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2))

/**
 * The summary as lines of text. `millis` is how long solving took, if known.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (
  problem: Problem,
  schedule: Schedule,
  run: { readonly seed: number; readonly millis?: number | undefined }
): Array<string> => {
  const slots = problem.sessions.reduce((n, b) => n + b.slots.length, 0)
  const lines = [
    `Placed ${schedule.assignments.length} of ${problem.talks.length} talks in ${problem.rooms.length} rooms, ` +
    `${problem.sessions.length} session blocks, ${slots} slots`,
    `Solver: seed ${run.seed}, ${count(schedule.iterations)} iterations` +
    (run.millis === undefined ? "" : `, ${count(Math.round(run.millis))} ms`)
  ]
  lines.push(`Unplaced: ${schedule.unplaced.length}`)
  for (const c of schedule.conflicts) {
    lines.push(`  ${c.talk}: ${c.kind} (${words[c.kind] ?? c.kind})${c.others.length === 0 ? "" : `; involves ${c.others.join(", ")}`}`)
  }
  const hard = Object.entries(schedule.score.hard).filter(([k, v]) => k !== "unplaced" && v > 0)
  lines.push(`Hard-constraint violations: ${schedule.score.hardTotal}${hard.length === 0 ? "" : ` (${hard.map(([k, v]) => `${k} ${v}`).join(", ")})`}`)
  lines.push(`Soft cost: ${fixed(schedule.score.softTotal)}`)
  const soft = Object.entries(schedule.score.soft)
  const width = Math.max(...soft.map(([k]) => k.length))
  for (const [k, v] of soft) if (v !== 0) lines.push(`  ${k.padEnd(width)}  ${fixed(v)}`)
  return lines
}
