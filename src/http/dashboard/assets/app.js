// Ringmaster dashboard: a small ES module over the JSON API (no framework, no build step).
// Every list and action is an endpoint of the API, called with the API key in X-API-Key.
// The page polls every five seconds while it is visible.
import uPlot from "./vendor/uPlot.esm.js"

const keyStorage = "ringmaster.apiKey"
const pollMillis = 5000

const $ = (id) => document.getElementById(id)

/** Creates an element: h("p", { class: "x", onclick: f }, "text", child). Text is never parsed as HTML. */
const h = (tag, attrs, ...children) => {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value)
    else if (name === "dataset") Object.assign(el.dataset, value)
    else el.setAttribute(name, value === true ? "" : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

const announce = (text) => {
  const region = $("announce")
  region.textContent = ""
  // a fresh text node, so screen readers announce a repeated message
  setTimeout(() => (region.textContent = text), 30)
}

// -- formatting -----------------------------------------------------------------

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
const moneyFormat = new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR", maximumFractionDigits: 0 })
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })
const when = (iso) => (iso ? timeFormat.format(new Date(iso)) : "—")
const num = (n) => (n === null || n === undefined ? "—" : numberFormat.format(Number(n)))
const words = (s) => String(s ?? "").replaceAll("_", " ")

/** What the safety envelope did with a decision, read from the decision log's `action_taken`. */
export const outcomeOf = (decision) => {
  const action = decision.action_taken ?? ""
  if (action.startsWith("applied (clamped)")) return { label: "Clamped", tone: "warn" }
  if (action.startsWith("applied")) return { label: "Applied", tone: "good" }
  if (action.startsWith("awaiting approval")) return { label: "Awaiting approval", tone: "warn" }
  if (action.startsWith("rejected")) return { label: "Rejected", tone: "bad" }
  if (action.startsWith("blocked")) return { label: "Blocked", tone: "bad" }
  if (action.startsWith("shadow")) return { label: "Shadow", tone: "neutral" }
  if (action.startsWith("failed")) return { label: "Failed", tone: "bad" }
  return { label: "Recorded", tone: "neutral" }
}

const badge = (label, tone, attrs = {}) => h("span", { class: `badge ${tone}`, ...attrs }, label)

const statusTone = {
  healthy: "good", warning: "warn", critical: "bad", offline: "bad", degraded: "warn", unknown: "neutral",
  completed: "good", running: "warn", pending: "warn", failed: "bad",
  active: "bad", acknowledged: "warn", resolved: "good", dismissed: "neutral",
  approved: "good", implemented: "good", rejected: "bad",
  validated: "good", incorrect: "bad",
  low: "neutral", medium: "warn", high: "bad", critical_: "bad"
}
const toneOf = (status) => statusTone[status] ?? "neutral"

const shortId = (id) => (typeof id === "string" ? `${id.slice(0, 8)}…` : "")

/** A platform change (JSON from the API) in words. */
const changeLabels = {
  SetCampaignBudget: (c) => `Set the campaign's daily budget to ${num(c.dailyBudget)} (campaign ${shortId(c.campaignId)})`,
  SetCampaignStatus: (c) => `Set the campaign ${c.status} (campaign ${shortId(c.campaignId)})`,
  SetCampaignBidStrategy: (c) => `Set the campaign's targets: CPA ${num(c.targetCpa)}, ROAS ${num(c.targetRoas)} (campaign ${shortId(c.campaignId)})`,
  SetAdGroupBid: (c) => `Set the ad group's bid to ${num(c.bid)} (ad group ${shortId(c.adGroupId)})`,
  SetAdGroupStatus: (c) => `Set the ad group ${c.status} (ad group ${shortId(c.adGroupId)})`,
  SetAdGroupAudiences: (c) => `Target ${c.audienceIds?.length ?? 0} audience(s) (ad group ${shortId(c.adGroupId)})`,
  SetKeywordBid: (c) => `Set the keyword's bid to ${num(c.bid)} (keyword ${shortId(c.keywordId)})`,
  SetKeywordStatus: (c) => `Set the keyword ${c.status} (keyword ${shortId(c.keywordId)})`
}

/** A short description of a platform change or entity state (JSON from the API). */
const describeState = (state) => {
  if (state === null || state === undefined) return "—"
  if (typeof state !== "object") return String(state)
  const label = changeLabels[state._tag]
  if (label) return label(state)
  const name = state.name ?? state.text ?? ""
  const parts = []
  if (state.dailyBudget !== undefined && state.dailyBudget !== null) parts.push(`daily budget ${num(state.dailyBudget)}`)
  if (state.maxCpc !== undefined && state.maxCpc !== null) parts.push(`bid ${num(state.maxCpc)}`)
  if (state.defaultMaxCpc !== undefined && state.defaultMaxCpc !== null) parts.push(`bid ${num(state.defaultMaxCpc)}`)
  if (state.status !== undefined) parts.push(String(state.status))
  if (parts.length === 0) {
    if (state.action) return `${words(state.action)} ${JSON.stringify(state.parameters ?? {})}`
    const { _tag, ...rest } = state
    return `${_tag ? `${words(_tag)} ` : ""}${JSON.stringify(rest)}`
  }
  return `${name ? `${name}: ` : ""}${parts.join(", ")}`
}

/** A predicted impact (`{ metric, delta, windowDays }`) in words. */
const describeImpact = (impact) =>
  impact && impact.metric !== undefined && typeof impact.delta === "number"
    ? ` · expected ${words(impact.metric)} ${impact.delta > 0 ? "+" : ""}${num(impact.delta)}${impact.windowDays ? ` over ${impact.windowDays} days` : ""}`
    : ""

// -- the API ---------------------------------------------------------------------

let apiKey = null

class ApiFailure extends Error {
  constructor(status, body) {
    const reason = body?.reason ?? body?.rule ?? body?.message ?? (typeof body === "string" ? body : undefined)
    const where = body?.parameter ? ` (${body.parameter})` : ""
    super(`${status}${reason ? `: ${reason}` : ""}${where}`)
    this.status = status
    this.body = body
  }
}

const api = async (path, init = {}) => {
  const response = await fetch(path, {
    ...init,
    headers: { "x-api-key": apiKey, ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers }
  })
  const text = await response.text()
  let body = text
  try { body = text === "" ? null : JSON.parse(text) } catch { /* not JSON */ }
  if (!response.ok) throw new ApiFailure(response.status, body)
  return body
}
const post = (path, body = {}) => api(path, { method: "POST", body: JSON.stringify(body) })

// -- sign in ------------------------------------------------------------------------

const showSignIn = (message) => {
  apiKey = null
  sessionStorage.removeItem(keyStorage)
  $("board").hidden = true
  $("sign-out").hidden = true
  $("sign-in").hidden = false
  $("who").textContent = ""
  $("key-error").textContent = message ?? ""
  setLive("Not connected", "")
  $("key-input").focus()
}

const setLive = (text, state) => {
  $("updated").textContent = text
  $("live-dot").className = `dot ${state}`
}

const signIn = async (key) => {
  apiKey = key
  try {
    const me = await api("/api/dashboard/me")
    sessionStorage.setItem(keyStorage, key)
    $("sign-in").hidden = true
    $("board").hidden = false
    $("sign-out").hidden = false
    $("who").textContent = `${me.accountName}${me.userName ? ` · ${me.userName}` : ""}`
    canApprove = me.scopes.includes("approve")
    canWrite = me.scopes.includes("write")
    lastSeen.clear()
    await refresh()
    return true
  } catch (error) {
    showSignIn(error.status === 401 ? "That key was not accepted (unknown, revoked or mistyped)." : `Could not sign in: ${error.message}`)
    return false
  }
}

let canApprove = false
let canWrite = false

// -- rendering helpers ------------------------------------------------------------

/** Renders a section only when its data changed, and not while the user is typing in it. */
const lastSeen = new Map()
const renderIfChanged = (id, data, render) => {
  const json = JSON.stringify(data)
  if (lastSeen.get(id) === json) return
  const container = $(id)
  const active = document.activeElement
  if (active && container.contains(active) && active.tagName === "INPUT") return
  lastSeen.set(id, json)
  const hadFocus = active && container.contains(active) ? active.dataset.focusKey : undefined
  container.replaceChildren(...[render(data)].flat().filter((child) => child !== null && child !== undefined))
  if (hadFocus) container.querySelector(`[data-focus-key="${CSS.escape(hadFocus)}"]`)?.focus()
}

const table = (caption, headers, rows, empty) => {
  if (rows.length === 0) return h("p", { class: "empty" }, empty)
  return h("div", { class: "table-scroll" },
    h("table", {},
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, headers.map(([label, cls]) => h("th", { scope: "col", class: cls }, label)))),
      h("tbody", {}, rows)))
}

const act = async (button, what, run) => {
  button.disabled = true
  try {
    const result = await run()
    announce(`${what}: done${result ? `. ${result}` : ""}`)
    lastSeen.clear()
    await refresh()
  } catch (error) {
    announce(`${what} failed: ${error.message}`)
    button.disabled = false
    alertBox(button, `${what} failed: ${error.message}`)
  }
}

const alertBox = (near, text) => {
  const card = near.closest(".card") ?? near.parentElement
  card.querySelector(".error")?.remove()
  card.append(h("p", { class: "error", role: "alert" }, text))
}

// -- sections ---------------------------------------------------------------------------

const renderHealth = (status) => {
  const stat = (label, value, tone) => h("div", { class: "stat" }, h("span", { class: "label" }, label), h("span", { class: `value ${tone ?? ""}` }, value))
  const overall = status.health?.status ?? status.health ?? "unknown"
  const last = status.cycles.last
  return [
    stat("Overall", badge(words(overall), toneOf(overall))),
    stat("Cycles run", `${num(status.cycles.total)}${status.cycles.failed ? ` (${status.cycles.failed} failed)` : ""}`),
    stat("Last cycle", last ? `${words(last.status)} · ${when(last.endedAt ?? last.startedAt)}` : "none yet"),
    stat("Decisions", `${num(status.decisions.total)}`),
    stat("Learning", `${num(status.decisions.validated)} right · ${num(status.decisions.incorrect)} wrong`),
    stat("Waiting for approval", num(status.recommendations.pending)),
    stat("Active alerts", `${num(status.alerts.active)}${status.alerts.critical ? ` (${status.alerts.critical} critical)` : ""}`),
    stat("Automation rules", `${num(status.automationRules.active)} of ${num(status.automationRules.total)} active`),
    status.components.length === 0 ? null : h("div", { class: "components" },
      table("Components", [["Component"], ["Status"], ["Last heartbeat"], ["Uptime", "num"]],
        status.components.map((c) => h("tr", {},
          h("td", {}, words(c.component)),
          h("td", {}, badge(words(c.status), toneOf(c.status))),
          h("td", {}, when(c.lastHeartbeat)),
          h("td", { class: "num" }, c.uptimePercentage === null ? "—" : `${num(c.uptimePercentage)} %`))),
        ""))
  ]
}

const approvalCard = (rec) => {
  const reason = rec.current_state?.message ?? rec.current_state?.reason ?? ""
  const impact = rec.expected_impact
  const rejectForm = h("span", { class: "reject-form", hidden: true },
    h("label", { for: `reason-${rec.id}` }, "Reason"),
    h("input", { id: `reason-${rec.id}`, type: "text", required: true, "data-focus-key": `reason-${rec.id}` }),
    h("button", {
      type: "button", class: "danger", "data-focus-key": `confirm-reject-${rec.id}`,
      onclick: (e) => {
        const input = $(`reason-${rec.id}`)
        if (input.value.trim() === "") { input.focus(); alertBox(e.currentTarget, "Say why you reject it (it is kept as feedback)."); return }
        act(e.currentTarget, `Reject ${words(rec.recommendation_type)}`, async () => {
          const r = await post(`/api/ai/recommendations/${rec.id}/reject`, { reason: input.value.trim() })
          return `status ${r.recommendation.status}`
        })
      }
    }, "Confirm rejection"))
  return h("li", { class: "card", id: `approval-${rec.id}`, dataset: { recommendationId: rec.id, decisionId: rec.decision_id ?? "" } },
    h("h3", {}, `${words(rec.recommendation_type)} · ${words(rec.target_entity_type)}`),
    h("p", {}, describeState(rec.recommended_changes)),
    reason ? h("p", { class: "help" }, `Held back: ${reason}`) : null,
    h("p", { class: "help" },
      `Confidence ${num(rec.confidence_level)}/10 · priority ${num(rec.priority_score)}`,
      describeImpact(impact),
      ` · ${when(rec.created_at)}`),
    canApprove ? h("div", { class: "actions" },
      h("button", {
        type: "button", class: "primary", "data-focus-key": `approve-${rec.id}`,
        "aria-label": `Approve ${words(rec.recommendation_type)}: ${describeState(rec.recommended_changes)}`,
        onclick: (e) => act(e.currentTarget, `Approve ${words(rec.recommendation_type)}`, async () => {
          const r = await post(`/api/ai/recommendations/${rec.id}/approve`, {})
          return `envelope outcome ${r.outcome}${r.reason ? ` (${r.reason})` : ""}`
        })
      }, "Approve"),
      h("button", {
        type: "button", "aria-expanded": "false", "data-focus-key": `reject-${rec.id}`,
        onclick: (e) => {
          rejectForm.hidden = !rejectForm.hidden
          e.currentTarget.setAttribute("aria-expanded", String(!rejectForm.hidden))
          if (!rejectForm.hidden) $(`reason-${rec.id}`).focus()
        }
      }, "Reject…"),
      rejectForm) : h("p", { class: "help" }, "This key may not approve (it lacks the approve scope)."))
}

const alertCard = (alert) =>
  h("li", { class: "card", id: `alert-${alert.id}` },
    h("h3", {}, badge(alert.severity, toneOf(alert.severity === "critical" ? "critical_" : alert.severity)), " ", alert.title),
    alert.description ? h("p", {}, alert.description) : null,
    h("p", { class: "help" }, `${words(alert.alert_type)} · ${words(alert.status)} · ${when(alert.created_at)}`),
    canWrite ? h("div", { class: "actions" },
      alert.status === "active" ? h("button", {
        type: "button", "data-focus-key": `ack-${alert.id}`,
        onclick: (e) => act(e.currentTarget, `Acknowledge "${alert.title}"`, () => post(`/api/ai/alerts/${alert.id}/acknowledge`))
      }, "Acknowledge") : null,
      h("button", {
        type: "button", "data-focus-key": `resolve-${alert.id}`,
        onclick: (e) => act(e.currentTarget, `Resolve "${alert.title}"`, () => post(`/api/ai/alerts/${alert.id}/resolve`))
      }, "Resolve")) : null)

const changeCard = (change) => {
  const confirm = h("button", {
    type: "button", class: "danger", hidden: true, "data-focus-key": `confirm-rollback-${change.id}`,
    onclick: (e) => act(e.currentTarget, `Roll back ${words(change.optimization_type)}`, async () => {
      const r = await post(`/api/ai/optimizations/${change.id}/rollback`)
      return r?.restored ? `restored ${describeState(r.restored)}` : ""
    })
  }, "Confirm roll back")
  return h("li", { class: "card", id: `change-${change.id}` },
    h("h3", {}, `${words(change.optimization_type)} · ${words(change.target_entity_type)}`),
    h("p", {}, `${describeState(change.before_state)} → ${describeState(change.after_state)}`),
    h("p", { class: "help" }, when(change.created_at)),
    canApprove && change.rollback_data?.reversible === true ? h("div", { class: "actions" },
      h("button", {
        type: "button", "aria-expanded": "false", "data-focus-key": `rollback-${change.id}`,
        onclick: (e) => {
          confirm.hidden = !confirm.hidden
          e.currentTarget.setAttribute("aria-expanded", String(!confirm.hidden))
          if (!confirm.hidden) confirm.focus()
        }
      }, "Roll back…"),
      confirm) : null)
}

const decisionRow = (d) => {
  const outcome = outcomeOf(d)
  return h("tr", { id: `decision-${d.id}`, dataset: { decisionId: d.id, outcome: outcome.label } },
    h("td", {}, when(d.created_at)),
    h("td", {}, words(d.decision_type)),
    h("td", { class: "outcome" }, badge(outcome.label, outcome.tone)),
    h("td", { class: "num" }, d.confidence_score === null ? "—" : `${num(d.confidence_score)} %`),
    h("td", {}, badge(words(d.validation_status ?? "pending"), toneOf(d.validation_status))),
    h("td", {}, h("details", {}, h("summary", {}, d.action_taken ?? "—"), h("p", {}, d.decision_rationale ?? "no rationale recorded"))))
}

const cycleRow = (c) => {
  const s = c.metadata?.summary
  return h("tr", {},
    h("td", {}, when(c.start_time)),
    h("td", {}, badge(words(c.status), toneOf(c.status))),
    h("td", {}, words(c.trigger_event ?? c.cycle_type)),
    h("td", { class: "num" }, c.duration_seconds === null ? "—" : `${c.duration_seconds} s`),
    h("td", {}, s ? `${s.applied} applied, ${s.pending} for approval, ${s.blocked} blocked; learned ${s.validated} right, ${s.incorrect} wrong` : ""))
}

const recommendationRow = (r) =>
  h("tr", {},
    h("td", {}, when(r.created_at)),
    h("td", {}, words(r.recommendation_type)),
    h("td", {}, words(r.target_entity_type)),
    h("td", {}, badge(words(r.status), toneOf(r.status))),
    h("td", { class: "num" }, num(r.confidence_level)),
    h("td", {}, describeState(r.recommended_changes)))

const agentRow = (a) =>
  h("tr", {},
    h("td", {}, a.name),
    h("td", {}, words(a.type)),
    h("td", {}, badge(words(a.status ?? "active"), a.status === "active" || a.status === null ? "good" : "warn")),
    h("td", {}, a.version ?? "—"),
    h("td", {}, when(a.updated_at ?? a.created_at)))

const insightCard = (i) =>
  h("li", { class: "card" },
    h("h3", {}, i.insight_title),
    i.insight_description ? h("p", {}, i.insight_description) : null,
    h("p", { class: "help" },
      `${words(i.insight_type)} · confidence ${num(i.confidence_score)} · impact ${num(i.impact_score)} · ${when(i.created_at)}`))

// -- charts -----------------------------------------------------------------------

const charts = new Map()

/** Draws a tick under the x axis on each day with decisions, taller with more decisions. */
const decisionMarks = (decisionsPerDay) => ({
  hooks: {
    draw: [(u) => {
      const { ctx } = u
      const max = Math.max(1, ...decisionsPerDay)
      const bottom = u.bbox.top + u.bbox.height
      ctx.save()
      ctx.fillStyle = "rgba(207, 34, 46, 0.75)"
      u.data[0].forEach((x, i) => {
        const n = decisionsPerDay[i]
        if (!n) return
        const px = u.valToPos(x, "x", true)
        const height = 4 + 10 * (n / max) * devicePixelRatio
        ctx.fillRect(px - 1.5 * devicePixelRatio, bottom - height, 3 * devicePixelRatio, height)
      })
      ctx.restore()
    }]
  }
})

const drawChart = (id, label, values, decisionsPerDay, xs, stroke, format) => {
  const el = $(id)
  const width = Math.max(260, el.clientWidth || el.parentElement.clientWidth || 360)
  const data = [xs, values, decisionsPerDay]
  const options = {
    width,
    height: 190,
    plugins: [decisionMarks(decisionsPerDay)],
    scales: { x: { time: true }, d: { range: [0, 1] } },
    axes: [{}, { values: (_, ticks) => ticks.map(format), size: 60 }],
    series: [
      { label: "Day", value: (_, v) => (v === null ? "—" : new Date(v * 1000).toISOString().slice(0, 10)) },
      { label, stroke, width: 2, fill: `${stroke}22`, value: (_, v) => (v === null ? "—" : format(v)) },
      { label: "Decisions", scale: "d", stroke: "rgba(207, 34, 46, 0.75)", paths: () => null, points: { show: false }, value: (_, v) => (v ? String(v) : "0") }
    ]
  }
  charts.get(id)?.destroy()
  el.replaceChildren()
  charts.set(id, new uPlot(options, data, el))
}

const renderCharts = (metrics) => {
  const xs = metrics.days.map((d) => Date.parse(`${d.day}T12:00:00Z`) / 1000)
  const decisionsPerDay = metrics.days.map((d) => Object.values(d.decisions).reduce((a, b) => a + b, 0))
  drawChart("chart-spend", "Spend", metrics.days.map((d) => d.spend), decisionsPerDay, xs, "#0a58ca", (v) => moneyFormat.format(v))
  drawChart("chart-conversions", "Conversions", metrics.days.map((d) => d.conversions), decisionsPerDay, xs, "#1a7f37", (v) => numberFormat.format(v))
  drawChart("chart-roas", "ROAS", metrics.days.map((d) => d.roas), decisionsPerDay, xs, "#8250df", (v) => numberFormat.format(v))
  $("charts").dataset.days = String(metrics.days.length)
  return table("Daily metrics", [["Day"], ["Spend", "num"], ["Conversions", "num"], ["Revenue", "num"], ["ROAS", "num"], ["Decisions"]],
    metrics.days.map((d) => h("tr", {},
      h("td", {}, d.day),
      h("td", { class: "num" }, num(d.spend)),
      h("td", { class: "num" }, num(d.conversions)),
      h("td", { class: "num" }, num(d.revenue)),
      h("td", { class: "num" }, num(d.roas)),
      h("td", {}, Object.entries(d.decisions).map(([t, n]) => `${n} ${words(t)}`).join(", ")))),
    "No campaign metrics yet.")
}

// -- refresh ------------------------------------------------------------------------

let refreshing = false

const refresh = async () => {
  if (apiKey === null || refreshing) return
  refreshing = true
  try {
    const [status, metrics, pending, alerts, decisions, cycles, changes, recommendations, agents, insights] = await Promise.all([
      api("/api/ai/system-status"),
      api("/api/dashboard/metrics"),
      api("/api/ai/recommendations?status=pending&limit=20"),
      api("/api/ai/alerts?status=active&limit=20"),
      api("/api/ai/decisions?limit=30"),
      api("/api/ai/cycles?limit=10"),
      api("/api/ai/optimizations?rolledBack=false&limit=10"),
      api("/api/ai/recommendations?limit=20"),
      api("/api/events/agents?limit=20"),
      api("/api/events/insights?limit=10")
    ])
    renderIfChanged("health-body", status, renderHealth)
    renderIfChanged("metrics-table", metrics, renderCharts)
    $("approvals-count").textContent = `(${status.recommendations.pending})`
    renderIfChanged("approvals-list", pending.items, (items) =>
      items.length === 0 ? h("li", { class: "empty" }, "Nothing is waiting for approval.") : items.map(approvalCard))
    $("alerts-count").textContent = `(${status.alerts.active} active)`
    renderIfChanged("alerts-list", alerts.items, (items) =>
      items.length === 0 ? h("li", { class: "empty" }, "No active alerts.") : items.map(alertCard))
    renderIfChanged("decisions-table", decisions.items, (items) =>
      table("Latest decisions", [["When"], ["Type"], ["Envelope outcome"], ["Confidence", "num"], ["Learning"], ["Action and rationale"]],
        items.map(decisionRow), "No decisions yet."))
    renderIfChanged("cycles-table", cycles.items, (items) =>
      table("Decision cycles", [["Started"], ["Status"], ["Trigger"], ["Took", "num"], ["Summary"]], items.map(cycleRow), "No cycles yet."))
    renderIfChanged("changes-list", changes.items, (items) =>
      items.length === 0 ? h("li", { class: "empty" }, "No changes to roll back.") : items.map(changeCard))
    renderIfChanged("recommendations-table", recommendations.items, (items) =>
      table("Recommendations", [["When"], ["Type"], ["Target"], ["Status"], ["Confidence", "num"], ["Change"]],
        items.map(recommendationRow), "No recommendations yet."))
    $("agents").hidden = agents.items.length === 0
    renderIfChanged("agents-table", agents.items, (items) =>
      table("Event agents", [["Agent"], ["Type"], ["Status"], ["Version"], ["Updated"]], items.map(agentRow), "No agents."))
    renderIfChanged("insights-list", insights.items, (items) =>
      items.length === 0 ? h("li", { class: "empty" }, "No insights yet.") : items.map(insightCard))
    setLive(`Updated ${new Intl.DateTimeFormat(undefined, { timeStyle: "medium" }).format(new Date())}`, "on")
    document.body.dataset.loaded = "true"
  } catch (error) {
    if (error.status === 401) showSignIn("The key is no longer accepted (revoked?). Sign in again.")
    else setLive(`Update failed: ${error.message}`, "off")
  } finally {
    refreshing = false
  }
}

// -- start ----------------------------------------------------------------------------

const start = async () => {
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault()
    const key = $("key-input").value.trim()
    if (key !== "") signIn(key)
  })
  $("sign-out").addEventListener("click", () => showSignIn("Signed out."))
  // a key in the fragment (#key=...) is used once, kept for the tab, and removed from the address bar
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get("key")
  if (fromFragment) history.replaceState(null, "", location.pathname + location.search)
  const key = fromFragment ?? sessionStorage.getItem(keyStorage)
  if (key) await signIn(key)
  else showSignIn()
  setInterval(() => { if (!document.hidden) refresh() }, pollMillis)
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh() })
  let resizeTimer
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(() => { lastSeen.delete("metrics-table"); refresh() }, 250)
  })
}

start()
