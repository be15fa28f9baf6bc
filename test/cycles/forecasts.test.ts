import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as Accuracy from "../../src/cycles/forecasts/Accuracy.ts"
import * as Ets from "../../src/cycles/forecasts/Ets.ts"
import * as Forecaster from "../../src/cycles/forecasts/Forecaster.ts"
import * as Gaussian from "../../src/cycles/forecasts/internal/gaussian.ts"
import * as ParameterUncertainty from "../../src/cycles/forecasts/internal/parameterUncertainty.ts"
import * as Simulation from "../../src/cycles/forecasts/Simulation.ts"

const close = (actual: number, expected: number, tolerance: number, what = "") =>
  assert.isTrue(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what} ${actual} vs ${expected} (tolerance ${tolerance})`
  )

describe("Ets recursions and likelihood: a case computed by hand", () => {
  // m = 2, ℓ0 = 10, b0 = 1, seasonal (s_{-1}, s_0) = (−1, 1), α = 0.5, β = 0.2, γ = 0.3, y = 10, 14, 12, 16.
  // t=1: ŷ = 10+1−1 = 10,      e = 0,     ℓ = 11,     b = 1,     s = −1
  // t=2: ŷ = 11+1+1 = 13,      e = 1,     ℓ = 12.5,   b = 1.2,   s = 1.3
  // t=3: ŷ = 12.5+1.2−1 = 12.7, e = −0.7, ℓ = 13.35,  b = 1.06,  s = −1.21
  // t=4: ŷ = 13.35+1.06+1.3 = 15.71, e = 0.29, ℓ = 14.555, b = 1.118, s = 1.387
  // SSE = 0 + 1 + 0.49 + 0.0841 = 1.5741; log L = −n/2 (log(2π SSE/n) + 1) = −3.810532771336187
  // (python3: math.log; H08 §5.2). Forecasts: h=1: 14.555+1.118−1.21 = 14.463; h=2: 14.555+2·1.118+1.387 = 18.178.
  // c_1 = α + β = 0.7, c_2 = α + 2β + γ = 1.2 (2 ≡ 0 mod 2): σ²_h/σ² = 1, 1.49, 2.93;
  // the 3-day sum: (1+c1+c2)² + (1+c1)² + 1 = 2.9² + 1.7² + 1 = 12.3.
  const spec: Ets.Spec = { trend: "additive", period: 2 }
  const parameters: Ets.Parameters = { alpha: 0.5, beta: 0.2, gamma: 0.3, phi: 1 }
  const initial: Ets.State = { level: 10, trend: 1, seasonal: [-1, 1] }
  const y = [10, 14, 12, 16]

  it("filters, scores and forecasts as computed by hand", () => {
    const f = Ets.filter(spec, parameters, initial, y)
    ;[10, 13, 12.7, 15.71].forEach((v, i) => close(f.fitted[i]!, v, 1e-12, `fitted ${i}`))
    ;[0, 1, -0.7, 0.29].forEach((v, i) => close(f.residuals[i]!, v, 1e-12, `residual ${i}`))
    close(f.sse, 1.5741, 1e-12, "sse")
    close(f.final.level, 14.555, 1e-12, "level")
    close(f.final.trend, 1.118, 1e-12, "trend")
    // the next observation (t = 5) is phase 0
    close(f.final.seasonal[0]!, -1.21, 1e-12, "s0")
    close(f.final.seasonal[1]!, 1.387, 1e-12, "s1")
    const model = Ets.fromParameters(spec, parameters, initial, y)
    close(model.logLik, -3.810532771336187, 1e-12, "logLik")
    const fcst = Ets.forecast(model, 3, 1)
    close(fcst.mean[0]!, 14.463, 1e-12, "h=1")
    close(fcst.mean[1]!, 18.178, 1e-12, "h=2")
    ;[1, 1.49, 2.93].forEach((v, i) => close(fcst.variance[i]!, v, 1e-12, `variance h=${i + 1}`))
    close(Ets.sumVariance(model, 3, 1), 12.3, 1e-12, "sum variance")
  })

  it("the decomposition heuristic recovers an exact trend and weekly pattern (H08 §2.6.1)", () => {
    // y_i = 100 + 2i + p_{i mod 7} with Σp = 0: the centred 7-day average is exactly 100 + 2i, so the seasonal
    // indices are p, and the line through the deseasonalised values against t = i + 1 has intercept 98, slope 2
    const pattern = [12, -3, 5, 1, -8, -15, 8]
    const series = Array.from({ length: 35 }, (_, i) => 100 + 2 * i + pattern[i % 7]!)
    const s = Ets.initialState({ trend: "additive", period: 7 }, series)
    close(s.level, 98, 1e-10, "level")
    close(s.trend, 2, 1e-10, "trend")
    pattern.forEach((p, j) => close(s.seasonal[j]!, p, 1e-10, `seasonal ${j}`))
    const fit = Ets.fromParameters({ trend: "additive", period: 7 }, { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 1 }, s, series)
    for (const e of fit.residuals) close(e, 0, 1e-9, "residual")
  })
})

describe("Ets against statsmodels' ETSModel", () => {
  // Reference: statsmodels 0.13.5 (Debian python3-statsmodels, numpy 1.24.2, scipy 1.10.1), script:
  //   t = np.arange(56); p = np.array([10,-5,3,8,-20,-15,19])
  //   y = pd.Series(200 + 1.5*t + p[t % 7] + 8*np.sin(2.3*t*t + 1), index=pd.date_range("2025-01-01", periods=56))
  //   m = ETSModel(y, error="add", trend="add", damped_trend=D, seasonal="add", seasonal_periods=7,
  //                initialization_method="known", initial_level=L0, initial_trend=B0, initial_seasonal=S0)
  //   r = m.fit(disp=False); r.params, r.llf, r.get_prediction(56, 65).predicted_mean / var_pred_mean
  //   r2 = m.smooth([0.5, 0.1, 0.2] (+ [0.9] when damped)); r2.llf, r2.fittedvalues, r2.get_prediction(56, 65)
  // with L0, B0, S0 our heuristic's initial state (printed below), so both fit the same smoothing parameters.
  const pattern = [10, -5, 3, 8, -20, -15, 19]
  const y = Array.from({ length: 56 }, (_, t) => 200 + 1.5 * t + pattern[t % 7]! + 8 * Math.sin(2.3 * t * t + 1))
  const initial: Ets.State = {
    level: 202.33541279847833,
    trend: 1.0637435422844792,
    seasonal: [9.479340241272743, -3.3664557017192847, -2.299805777421199, 6.8170063386836395, -20.510840567748982, -11.25274704141099, 21.133502508344076]
  }

  it("the heuristic gives the initial state the reference was run with", () => {
    const s = Ets.initialState({ trend: "additive", period: 7 }, y)
    close(s.level, initial.level, 1e-12)
    close(s.trend, initial.trend, 1e-12)
    initial.seasonal.forEach((v, j) => close(s.seasonal[j]!, v, 1e-12))
  })

  it("ETS(A,A,A) at fixed parameters: likelihood, fitted values, forecasts and their standard deviations", () => {
    const model = Ets.fromParameters({ trend: "additive", period: 7 }, { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 1 }, initial, y)
    close(model.logLik, -187.00695485793918, 1e-10, "llf")
    ;[212.87849658203555, 203.4084069591846, 201.02190404801155].forEach((v, i) => close(model.fitted[i]!, v, 1e-10))
    close(model.fitted[55]!, 308.9376949410494, 1e-10)
    const f = Ets.forecast(model, 10, model.sigma2)
    const mean = [296.1482181079756, 283.2403504984887, 287.70829383783496, 291.3325672035186, 264.8396295131932, 270.11186880822504, 312.0403213745998, 303.7438991632737, 290.83603155378677, 295.30397489313305]
    const sd = [6.824174456312117, 7.958286595357608, 9.2818807613995, 10.768365658508962, 12.396728525445864, 14.150909339819332, 16.018650290399226, 18.651356435017412, 20.653699673745482, 22.756345267929834]
    mean.forEach((v, i) => close(f.mean[i]!, v, 1e-10, `mean ${i}`))
    sd.forEach((v, i) => close(Math.sqrt(f.variance[i]!), v, 1e-10, `sd ${i}`))
  })

  it("ETS(A,Ad,A) at fixed parameters (φ = 0.9)", () => {
    const model = Ets.fromParameters({ trend: "damped", period: 7 }, { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 0.9 }, initial, y)
    close(model.logLik, -187.01696526802246, 1e-10, "llf")
    ;[212.7721222278071, 203.12414948795256, 200.63419187803103].forEach((v, i) => close(model.fitted[i]!, v, 1e-10))
    close(model.fitted[55]!, 307.3359683944057, 1e-10)
    const f = Ets.forecast(model, 10, model.sigma2)
    const mean = [294.59938700481496, 280.92668705208195, 284.64293382295375, 287.5483664796771, 260.322385022306, 264.8151852592784, 305.86547141503496, 296.3106011585687, 282.46677979046024, 286.0290172874942]
    const sd = [6.825394436505985, 7.924809084214009, 9.153006631468728, 10.466978172310174, 11.835782353356947, 13.237446281690712, 14.656278659596019, 16.689133326153918, 18.0635713740028, 19.43664210528534]
    mean.forEach((v, i) => close(f.mean[i]!, v, 1e-10, `mean ${i}`))
    sd.forEach((v, i) => close(Math.sqrt(f.variance[i]!), v, 1e-10, `sd ${i}`))
  })

  it("ETS(A,A,A) fitted by likelihood: the same optimum as statsmodels' L-BFGS-B", () => {
    // statsmodels: params (α, β, γ) = (0.08097236819684145, 0.011856499445572174, 0.2082203003204242), llf −176.18290070035744
    const model = Ets.fit({ trend: "additive", period: 7 }, y, initial)
    close(model.parameters.alpha, 0.08097236819684145, 1e-4, "alpha")
    close(model.parameters.beta, 0.011856499445572174, 1e-4, "beta")
    close(model.parameters.gamma, 0.2082203003204242, 1e-4, "gamma")
    close(model.logLik, -176.18290070035744, 1e-9, "llf")
    const f = Ets.forecast(model, 10, model.sigma2)
    const mean = [295.6838174861954, 284.39952309987825, 290.9253258742878, 297.0401799871152, 270.7627358882029, 275.8590359967375, 315.96111781520216, 307.72345988046374, 296.4391654941466, 302.96496826855616]
    const sd = [5.6247960721169665, 5.648979079035312, 5.679585365886977, 5.71728973803136, 5.7627246951960025, 5.8164737631237236, 5.879065447729998, 6.240679420351448, 6.318556285521691, 6.4061365475638645]
    mean.forEach((v, i) => close(f.mean[i]!, v, 1e-5, `mean ${i}`))
    sd.forEach((v, i) => close(Math.sqrt(f.variance[i]!), v, 1e-5, `sd ${i}`))
  })

  it("ETS(A,Ad,A) fitted by likelihood: at least as likely as statsmodels' optimum", () => {
    // statsmodels: (α, β, γ, φ) = (0.0677, 0.0649, 0.2609, 0.98), llf −177.74531563875587. Both end on the
    // bound φ = 0.98; Nelder–Mead also reaches β = α, a higher likelihood (≈ −177.7257) than L-BFGS-B stopped at.
    const model = Ets.fit({ trend: "damped", period: 7 }, y, initial)
    assert.isTrue(model.logLik >= -177.74531563875587 - 1e-9, `llf ${model.logLik}`)
    close(model.parameters.phi, 0.98, 1e-3, "phi")
    assert.isTrue(model.parameters.beta <= model.parameters.alpha && model.parameters.gamma <= 1 - model.parameters.alpha)
  })
})

describe("Ets forecast variances: the published closed forms and the error covariance", () => {
  const dummy = (trend: Ets.Trend, p: Ets.Parameters) =>
    Ets.fromParameters({ trend, period: 7 }, p, { level: 0, trend: 0, seasonal: [0, 0, 0, 0, 0, 0, 0] }, Array.from({ length: 21 }, (_, i) => i % 3))
  const params = fc.record({
    alpha: fc.double({ min: 0.01, max: 0.9, noNaN: true }),
    betaShare: fc.double({ min: 0, max: 1, noNaN: true }),
    gammaShare: fc.double({ min: 0, max: 1, noNaN: true }),
    phi: fc.double({ min: 0.8, max: 0.98, noNaN: true }),
    h: fc.integer({ min: 1, max: 40 })
  })

  it("ETS(A,A,A) and ETS(A,Ad,A) match FPP3 Table 8.8 / H08 Table 6.1 (class 1)", () =>
    fc.assert(
      fc.property(params, ({ alpha: a, betaShare, gammaShare, phi, h }) => {
        const b = a * betaShare
        const g = (1 - a) * gammaShare
        const m = 7
        const k = Math.floor((h - 1) / m)
        const aaa = 1 + (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6) + g * k * (2 * a + g + b * m * (k + 1))
        const aada = 1 + a * a * (h - 1) + g * k * (2 * a + g) +
          ((b * phi * h) / (1 - phi) ** 2) * (2 * a * (1 - phi) + b * phi) -
          ((b * phi * (1 - phi ** h)) / ((1 - phi) ** 2 * (1 - phi * phi))) * (2 * a * (1 - phi * phi) + b * phi * (1 + 2 * phi - phi ** h)) +
          ((2 * b * g * phi) / ((1 - phi) * (1 - phi ** m))) * (k * (1 - phi ** m) - phi ** m * (1 - phi ** (m * k)))
        close(Ets.forecast(dummy("additive", { alpha: a, beta: b, gamma: g, phi: 1 }), h, 1).variance[h - 1]!, aaa, 1e-9, "AAA")
        close(Ets.forecast(dummy("damped", { alpha: a, beta: b, gamma: g, phi }), h, 1).variance[h - 1]!, aada, 1e-8, "AAdA")
      }),
      { numRuns: 200 }
    ))

  it("the variance of a period sum is the sum of the forecast errors' covariances (not of their variances)", () =>
    fc.assert(
      fc.property(params, ({ alpha, betaShare, gammaShare, phi, h }) => {
        const model = dummy("damped", { alpha, beta: alpha * betaShare, gamma: (1 - alpha) * gammaShare, phi })
        const c = Ets.innovationWeights(model, h)
        const w = (j: number) => (j === 0 ? 1 : c[j - 1]!)
        // Cov(e_a, e_b) = Σ_{i ≤ min(a,b)} w(a−i) w(b−i)
        let total = 0
        for (let a = 1; a <= h; a++) for (let b = 1; b <= h; b++) for (let i = 1; i <= Math.min(a, b); i++) total += w(a - i) * w(b - i)
        close(Ets.sumVariance(model, h, 1), total, 1e-10, "sum variance")
        const variances = Ets.forecast(model, h, 1).variance
        if (h > 1 && alpha > 0.05) assert.isTrue(Ets.sumVariance(model, h, 1) > variances.reduce((x, y) => x + y, 0))
      }),
      { numRuns: 100 }
    ))

  it("a sample path with zero innovations is the point forecast", () =>
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 10_000 }), ({ alpha, betaShare, gammaShare, phi, h }, seed) => {
        const [series] = Simulation.make({ seed, campaigns: 1, days: 35 })
        const model = Ets.fit({ trend: "damped", period: 7 }, series!.spend)
        const simulated = Ets.simulate(Ets.fromParameters(model.spec, { alpha, beta: alpha * betaShare, gamma: (1 - alpha) * gammaShare, phi }, model.initial, series!.spend), h, () => 0)
        const expected = Ets.forecast(Ets.fromParameters(model.spec, { alpha, beta: alpha * betaShare, gamma: (1 - alpha) * gammaShare, phi }, model.initial, series!.spend), h).mean
        simulated.forEach((v, i) => close(v, expected[i]!, 1e-9))
      }),
      { numRuns: 30 }
    ))
})

describe("parameter uncertainty", () => {
  const pattern = [10, -5, 3, 8, -20, -15, 19]
  const y = Array.from({ length: 56 }, (_, t) => 200 + 1.5 * t + pattern[t % 7]! + 8 * Math.sin(2.3 * t * t + 1))
  const initial: Ets.State = {
    level: 202.33541279847833,
    trend: 1.0637435422844792,
    seasonal: [9.479340241272743, -3.3664557017192847, -2.299805777421199, 6.8170063386836395, -20.510840567748982, -11.25274704141099, 21.133502508344076]
  }

  it("the observed information is the Hessian of n/2 · log SSE, as scipy differentiates it", () => {
    // Reference: scipy 1.17.1 scipy.differentiate.hessian(f, [0.5, 0.2, 0.1], initial_step=1e-2) (converged), with f
    // the H08 ETS(A,A,A) recursions transcribed to numpy over the series and initial state above (the statsmodels
    // case), f(α, γ, β) = 0.5 · 56 · log(SSE):
    const reference = [
      [7.722564805084865, 71.69259965495519, -11.331273325948592],
      [71.69259965495519, 59.0444705068543, 4.997089596108264],
      [-11.331273325948592, 4.997089596108264, 31.59513205250109]
    ]
    const info = Ets.observedInformation({ trend: "additive", period: 7 }, { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 1 }, initial, y)
    assert.deepStrictEqual(Ets.parameterNames({ trend: "additive", period: 7 }), ["alpha", "gamma", "beta"])
    reference.forEach((row, i) => row.forEach((v, j) => close(info[i]![j]!, v, 1e-5, `H[${i}][${j}]`)))
  })

  it("the eigen-decomposition reconstructs a symmetric matrix with orthonormal vectors", () =>
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 10, maxLength: 10 }), (u) => {
        const at = [[0, 1, 2, 3], [1, 4, 5, 6], [2, 5, 7, 8], [3, 6, 8, 9]]
        const a = at.map((row) => row.map((k) => u[k]!))
        const { values, vectors } = ParameterUncertainty.symmetricEigen(a)
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            let r = 0
            let o = 0
            for (let k = 0; k < 4; k++) {
              r += vectors[i]![k]! * values[k]! * vectors[j]![k]!
              o += vectors[k]![i]! * vectors[k]![j]!
            }
            close(r, a[i]![j]!, 1e-9, `A[${i}][${j}]`)
            close(o, i === j ? 1 : 0, 1e-9, `VᵀV[${i}][${j}]`)
          }
        }
      }),
      { numRuns: 100 }
    ))

  it("the inverse information is about the estimates' sampling variance (200 simulated ETS(A,N,A) series)", () => {
    // 200 series of 364 days from ETS(A,N,A) with α = 0.3, γ = 0.1, σ = 2, each fitted (heuristic initial state) and
    // its estimate standardised by the inverse observed information. Measured with this seed: α mean z² 1.41, 85.5%
    // inside ±1.645; γ 1.26, 87.5% (90% if the approximation were exact at this length; it somewhat understates).
    const spec: Ets.Spec = { trend: "none", period: 7 }
    const truth: Ets.Parameters = { alpha: 0.3, beta: 0, gamma: 0.1, phi: 1 }
    const start: Ets.State = { level: 100, trend: 0, seasonal: [5, -3, 2, 0, -6, 4, -2] }
    const normal = Gaussian.standardNormal(11)
    const z: Array<Array<number>> = [[], []]
    for (let r = 0; r < 200; r++) {
      const series = Ets.simulate(Ets.fromParameters(spec, truth, start, []), 364, () => 2 * normal())
      const fit = Ets.fit(spec, series)
      const info = Ets.observedInformation(spec, fit.parameters, fit.initial, series)
      const det = info[0]![0]! * info[1]![1]! - info[0]![1]! ** 2
      z[0]!.push((fit.parameters.alpha - truth.alpha) / Math.sqrt(info[1]![1]! / det))
      z[1]!.push((fit.parameters.gamma - truth.gamma) / Math.sqrt(info[0]![0]! / det))
    }
    for (const zs of z) {
      const inside = zs.filter((v) => Math.abs(v) <= 1.645).length / zs.length
      const meanSquare = zs.reduce((a, b) => a + b * b, 0) / zs.length
      assert.isAtLeast(inside, 0.8)
      assert.isAtMost(inside, 0.96)
      assert.isAtMost(meanSquare, 1.6)
      assert.isAtLeast(meanSquare, 0.7)
    }
  })

  it("draws stay admissible, centre on the estimate, and σ² is SSE/χ²(n−k) (mean SSE/(n−k−2))", () => {
    const fit = Ets.fit({ trend: "additive", period: 7 }, y, initial)
    const draws = ParameterUncertainty.draws(fit, y, 4000, Gaussian.standardNormal(1), 2)
    assert.strictEqual(draws.length, 4000)
    for (const d of draws) assert.isTrue(Ets.admissible(fit.spec, d.model.parameters))
    // γ̂ = 0.208 is interior (its inverse-information sd is 0.11): its draws centre on it, up to the truncation at 0
    const gammas = draws.map((d) => d.model.parameters.gamma)
    const meanGamma = gammas.reduce((a, b) => a + b, 0) / gammas.length
    assert.isBelow(Math.abs(meanGamma - fit.parameters.gamma), 0.03)
    // E[SSE(θ)/χ²_ν] = SSE(θ)/(ν − 2); SSE(θ) ≥ SSE(θ̂), so the mean lies at or above SSE(θ̂)/(ν − 2), and not far
    const nu = fit.n - fit.k
    const meanVariance = draws.reduce((a, d) => a + d.sd ** 2, 0) / draws.length
    const floor = (fit.sigma2 * fit.n) / (nu - 2)
    assert.isAtLeast(meanVariance, 0.97 * floor)
    assert.isAtMost(meanVariance, 1.15 * floor)
    // no draws: none
    assert.deepStrictEqual(ParameterUncertainty.draws(fit, y, 0, Gaussian.standardNormal(1), 2), [])
  })
})

describe("Ets model selection", () => {
  it("AICc picks the no-trend model for a flat seasonal series and a trend model for a trending one", () => {
    const pattern = [10, -5, 3, 8, -20, -15, 19]
    const noise = (t: number) => 4 * Math.sin(2.3 * t * t + 1)
    const flat = Array.from({ length: 84 }, (_, t) => 300 + pattern[t % 7]! + noise(t))
    const rising = Array.from({ length: 84 }, (_, t) => 300 + 3 * t + pattern[t % 7]! + noise(t))
    assert.strictEqual(Ets.select(Ets.weeklyCandidates, flat).spec.trend, "none")
    assert.notStrictEqual(Ets.select(Ets.weeklyCandidates, rising).spec.trend, "none")
  })
})

describe("Forecaster", () => {
  const [campaign] = Simulation.make({ seed: 7, campaigns: 1, days: 70 })
  const history: Forecaster.History = {
    spend: campaign!.spend.slice(0, 56),
    conversions: campaign!.conversions.slice(0, 56),
    revenue: campaign!.revenue.slice(0, 56),
    reach: campaign!.reach.slice(0, 56)
  }
  const options = { ...Forecaster.defaults, paths: 500 }

  it("is deterministic for a seed; intervals hold their points; ROAS is revenue over spend", () => {
    const a = Forecaster.forecastCampaign(history, { skip: 2, days: 7 }, options)
    const b = Forecaster.forecastCampaign(history, { skip: 2, days: 7 }, options)
    assert.deepStrictEqual(a, b)
    for (const m of [a.spend, a.conversions, a.revenue, a.reach!]) {
      assert.strictEqual(m.daily.length, 9)
      assert.isTrue(m.total.lower <= m.total.point && m.total.point <= m.total.upper, `${m.model} total`)
      for (const d of m.daily) assert.isTrue(d.lower >= 0 && d.lower <= d.point && d.point <= d.upper)
    }
    close(a.roas!.point, a.revenue.total.point / a.spend.total.point, 1e-12)
    assert.isTrue(a.roas!.lower < a.roas!.point && a.roas!.point < a.roas!.upper)
    const c = Forecaster.forecastCampaign(history, { skip: 2, days: 7 }, { ...options, seed: 1 })
    assert.notStrictEqual(c.spend.total.lower, a.spend.total.lower)
  })

  it("on the original scale the period total is the sum of the daily points and nothing is negative", () => {
    const f = Forecaster.forecastCampaign(history, { skip: 0, days: 14 }, { ...options, transform: "none" })
    close(f.spend.total.point, f.spend.daily.reduce((s, d) => s + d.point, 0), 1e-9)
    assert.isTrue(f.spend.total.lower >= 0)
  })

  it("parameter uncertainty widens the intervals; parameterDraws: 0 treats the estimates as known", () => {
    const known = Forecaster.forecastCampaign(history, { skip: 0, days: 14 }, { ...options, parameterDraws: 0 })
    const uncertain = Forecaster.forecastCampaign(history, { skip: 0, days: 14 }, options)
    const width = (f: Forecaster.CampaignForecast) =>
      [f.spend, f.conversions, f.revenue, f.reach!].reduce((a, m) => a + (m.total.upper - m.total.lower) / m.total.point, 0)
    assert.isAbove(width(uncertain), width(known))
    // the daily points are the estimated model's forecasts either way
    assert.deepStrictEqual(uncertain.spend.daily.map((d) => d.point), known.spend.daily.map((d) => d.point))
    assert.throws(() => Forecaster.forecastCampaign(history, { skip: 0, days: 7 }, { ...options, parameterDraws: -1 }), /parameterDraws/)
    assert.throws(() => Forecaster.forecastCampaign(history, { skip: 0, days: 7 }, { ...options, parameterDraws: 1.5 }), /parameterDraws/)
  })

  it("a higher level gives a wider interval", () => {
    const narrow = Forecaster.forecastCampaign(history, { skip: 0, days: 14 }, { ...options, level: 0.5 })
    const wide = Forecaster.forecastCampaign(history, { skip: 0, days: 14 }, { ...options, level: 0.95 })
    assert.isTrue(wide.spend.total.upper - wide.spend.total.lower > narrow.spend.total.upper - narrow.spend.total.lower)
    assert.isTrue(wide.spend.daily[0]!.upper > narrow.spend.daily[0]!.upper)
  })

  it("a campaign that delivered nothing is forecast to deliver nothing, with no ROAS", () => {
    const zeros = new Array<number>(35).fill(0)
    const f = Forecaster.forecastCampaign({ spend: zeros, conversions: zeros, revenue: zeros }, { skip: 0, days: 7 }, options)
    for (const m of [f.spend, f.conversions, f.revenue]) assert.deepStrictEqual(m.total, { point: 0, lower: 0, upper: 0 })
    assert.isUndefined(f.roas)
    assert.isUndefined(f.reach)
  })

  it("refuses a history that is too short or unequal, and bad options", () => {
    const short = { spend: history.spend.slice(0, 27), conversions: history.conversions.slice(0, 27), revenue: history.revenue.slice(0, 27) }
    assert.throws(() => Forecaster.forecastCampaign(short, { skip: 0, days: 7 }), /28 days/)
    assert.throws(() => Forecaster.forecastCampaign({ ...history, revenue: history.revenue.slice(1) }, { skip: 0, days: 7 }), /revenue has 55 days/)
    assert.throws(() => Forecaster.forecastCampaign(history, { skip: 0, days: 0 }), /period.days/)
    assert.throws(() => Forecaster.forecastCampaign(history, { skip: 0, days: 7 }, { ...options, level: 1 }), /level/)
  })
})

describe("Accuracy", () => {
  it("sMAPE, MASE and seasonal naive by hand", () => {
    // sMAPE: 200·|100−110|/210 = 9.5238…, 200·|0−0|/0 → 0, 200·|50−25|/75 = 66.666…; mean 25.3968…
    close(Accuracy.smape([100, 0, 50], [110, 0, 25]), (200 * 10 / 210 + 200 * 25 / 75) / 3, 1e-12)
    // history 1..9 with m = 7: in-sample seasonal naive errors |8−1| = |9−2| = 7 → scale 7; errors 7 and 14 → MASE 1.5
    const h = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    close(Accuracy.mase([10, 20], [3, 6], h), (7 + 14) / 2 / 7, 1e-12)
    assert.deepStrictEqual(Accuracy.seasonalNaive(h, 9), [3, 4, 5, 6, 7, 8, 9, 3, 4])
  })

  it("the accuracy score: 100 exact, 50 off by a factor of three, 0 for something against nothing", () => {
    assert.strictEqual(Accuracy.metricScore(120, 120), 100)
    assert.strictEqual(Accuracy.metricScore(0, 0), 100)
    close(Accuracy.metricScore(300, 100), 50, 1e-12)
    close(Accuracy.metricScore(100, 300), 50, 1e-12)
    assert.strictEqual(Accuracy.metricScore(5, 0), 0)
    // mean of 100, 50, and the third metric absent from the actuals: (100 + 50) / 2
    assert.strictEqual(Accuracy.score({ spend: 10, roas: 3, reach: 5 }, { spend: 10, roas: 1 }), 75)
    assert.strictEqual(Accuracy.score({ spend: 10 }, {}), undefined)
  })
})
