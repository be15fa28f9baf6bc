/**
 * Rounds a number to `scale` decimal places the way PostgreSQL rounds a
 * `numeric`: on the exact decimal text of the value (what the port sends),
 * half away from zero. Binary arithmetic (`Math.round(0.995 * 100)`) would
 * round 0.995 down, where PostgreSQL gives 1.00.
 *
 * @internal
 */
export const roundNumeric = (n: number, scale: number): number => {
  const text = String(n)
  if (/e/i.test(text)) {
    // exponent form: tiny or huge magnitudes, where binary rounding is exact enough at any sane scale
    const factor = 10 ** scale
    return Math.sign(n) * Math.round(Math.abs(n) * factor) / factor
  }
  const negative = text.startsWith("-")
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".") as [string, string?]
  if (fraction.length <= scale) return n
  const kept = `${whole}${fraction.slice(0, scale)}`
  let digits = BigInt(kept)
  if (fraction.charCodeAt(scale) >= 53 /* "5" */) digits += 1n
  const abs = scale === 0 ? Number(digits) : Number(`${digits / 10n ** BigInt(scale)}.${(digits % 10n ** BigInt(scale)).toString().padStart(scale, "0")}`)
  return negative ? -abs : abs
}
