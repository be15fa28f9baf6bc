/**
 * Benchmark rows for `ai_performance_benchmarks`: the shape a host loads
 * (`Benchmark`) and a small shipped set (`shipped`) of published search
 * advertising averages.
 *
 * **About the shipped set — read before relying on it.** The figures are
 * the all-industry averages of LocaliQ / WordStream's annual *Search
 * Advertising Benchmarks* reports (US search campaigns, mostly Google Ads,
 * some Microsoft Advertising): the 2024 edition (over 17,000 campaigns,
 * April 2023 – March 2024): CTR 6.42%, CPC $4.66, conversion rate 6.96%,
 * cost per lead $66.69; the 2023 edition (17,253 campaigns, April 2022 –
 * March 2023): CTR 6.11%, CPC $4.22, conversion rate 7.04%; and the 2024
 * "Arts & Entertainment" row (CTR 13% as printed, CPC $1.72, conversion rate
 * 4.22%, cost per lead $44.70), the nearest category to event marketing.
 * They were taken from secondary coverage of the reports (trade press
 * summaries), not from the reports themselves, which could not be read
 * offline; each row's `metadata.verification` says so. They are
 * **averages**, not medians: the table's `p50` column holds the published
 * average, `p25` and `p75` are unknown (NULL), `metadata.statistic` is
 * `"mean"`. The 2023 cost per lead is left out (not confirmed by the
 * sources read). Hosts with better data load their own rows (per account,
 * or shared with `accountId: null`); an account's own row is preferred.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const IsoDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))

/**
 * A benchmark row as a host loads it.
 *
 * @since 0.1.0
 * @category models
 */
export const Benchmark = Schema.Struct({
  accountId: Schema.NullOr(Schema.String),
  industry: Schema.NonEmptyString,
  platform: Schema.NullOr(Schema.NonEmptyString),
  region: Schema.NullOr(Schema.String),
  /** `ctr`, `cpc`, `conversion_rate`, `cpa`, `decision_accuracy`, `roi_impact`, … */
  metricName: Schema.NonEmptyString,
  unit: Schema.NullOr(Schema.String),
  p25: Schema.NullOr(Schema.Finite),
  p50: Schema.Finite,
  p75: Schema.NullOr(Schema.Finite),
  sampleSize: Schema.NullOr(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  period: Schema.Literals(["monthly", "quarterly", "yearly"]),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  source: Schema.NonEmptyString,
  metadata: Schema.Record(Schema.String, Schema.Json)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Benchmark = typeof Benchmark.Type

const verification =
  "Figures as reported by secondary coverage of the report (trade-press summaries, 2024), not checked against the report itself, which could not be read offline."

const localiq2024 = {
  accountId: null,
  platform: "google_ads",
  region: "US",
  p25: null,
  p75: null,
  sampleSize: 17000,
  period: "yearly",
  periodStart: "2023-04-01",
  periodEnd: "2024-03-31",
  source: "LocaliQ / WordStream, Search Advertising Benchmarks 2024 (US search campaigns, Google Ads and Microsoft Advertising)"
} as const

const localiq2023 = {
  ...localiq2024,
  sampleSize: 17253,
  periodStart: "2022-04-01",
  periodEnd: "2023-03-31",
  source: "LocaliQ / WordStream, Search Advertising Benchmarks 2023 (US search campaigns, Google Ads and Microsoft Advertising)"
} as const

const meta = (extra: { readonly [key: string]: Schema.Json } = {}) => ({
  statistic: "mean",
  note: "p50 holds the published average across campaigns; the report gives no percentiles (p25, p75 unknown)",
  verification,
  ...extra
})

/**
 * The shipped benchmark set (see the module notes for its sources and
 * limits).
 *
 * @since 0.1.0
 * @category constants
 */
export const shipped: ReadonlyArray<Benchmark> = [
  { ...localiq2024, industry: "all", metricName: "ctr", unit: "ratio", p50: 0.0642, metadata: meta({ sampleSizeNote: "\"over 17,000 campaigns\"" }) },
  { ...localiq2024, industry: "all", metricName: "cpc", unit: "USD", p50: 4.66, metadata: meta({ sampleSizeNote: "\"over 17,000 campaigns\"" }) },
  { ...localiq2024, industry: "all", metricName: "conversion_rate", unit: "ratio", p50: 0.0696, metadata: meta({ sampleSizeNote: "\"over 17,000 campaigns\"" }) },
  {
    ...localiq2024,
    industry: "all",
    metricName: "cpa",
    unit: "USD",
    p50: 66.69,
    metadata: meta({ reportedAs: "cost per lead", sampleSizeNote: "\"over 17,000 campaigns\"" })
  },
  { ...localiq2023, industry: "all", metricName: "ctr", unit: "ratio", p50: 0.0611, metadata: meta() },
  { ...localiq2023, industry: "all", metricName: "cpc", unit: "USD", p50: 4.22, metadata: meta() },
  { ...localiq2023, industry: "all", metricName: "conversion_rate", unit: "ratio", p50: 0.0704, metadata: meta() },
  {
    ...localiq2024,
    industry: "arts_entertainment",
    metricName: "ctr",
    unit: "ratio",
    p50: 0.13,
    sampleSize: null,
    metadata: meta({ category: "Arts & Entertainment", precision: "printed as 13% (rounded) in the table read" })
  },
  { ...localiq2024, industry: "arts_entertainment", metricName: "cpc", unit: "USD", p50: 1.72, sampleSize: null, metadata: meta({ category: "Arts & Entertainment" }) },
  {
    ...localiq2024,
    industry: "arts_entertainment",
    metricName: "conversion_rate",
    unit: "ratio",
    p50: 0.0422,
    sampleSize: null,
    metadata: meta({ category: "Arts & Entertainment" })
  },
  {
    ...localiq2024,
    industry: "arts_entertainment",
    metricName: "cpa",
    unit: "USD",
    p50: 44.7,
    sampleSize: null,
    metadata: meta({ category: "Arts & Entertainment", reportedAs: "cost per lead" })
  }
]
