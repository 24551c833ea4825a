// trainer-service's page: GET /v1/trainings (the dataset's size, runs), a run's losses, the recent
// releases and the 5-shot baseline; POST and DELETE /v1/trainings with their problems shown.
"use strict";

let lossChart = null;
let tasksChart = null;
let shownRelease = null;

const percent = value => value === undefined || value === null || Number.isNaN(value) ? "" : +(100 * value).toFixed(1);

/** The gate's decision on a finished run, in words. */
function gate(run) {
  if (run.state === "RELEASED") {
    return "released" + (run.reason ? ": " + run.reason : "");
  }
  return run.state === "NOT_RELEASED" ? "kept out: " + (run.reason || "") : run.reason || "";
}

function headers() {
  const token = document.getElementById("token").value.trim();
  return token ? { Authorization: "Bearer " + token } : {};
}

async function send(method, path, body) {
  const response = await fetch(path, { method, headers: { "Content-Type": "application/json", Accept: "application/json", ...headers() },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return mcqa.answer(response);
}

async function act(request) {
  const problem = document.getElementById("run-problem");
  try {
    await request();
    mcqa.showProblem(problem, null);
    refresh();
  } catch (failure) {
    mcqa.showProblem(problem, failure);
  }
}

document.getElementById("start").addEventListener("submit", event => {
  event.preventDefault();
  act(() => send("POST", "/v1/trainings", { shuffleTargets: document.getElementById("shuffle-targets").checked }));
});

async function refresh() {
  const all = await mcqa.get("/v1/trainings");
  mcqa.fill(document.querySelector("#dataset tbody"), [
    ["seeds", all.seeds], ["scored items", all.scoredItems], ["scored items not yet in a release", all.newScoredItems],
    ["current release", all.currentRelease.version ? all.currentRelease.version + " (accuracy " + percent(all.currentRelease.accuracy) + "%)" : "none yet"],
  ]);
  const runs = all.runs.slice().reverse();
  const tbody = document.querySelector("#runs tbody");
  tbody.replaceChildren(...runs.map(run => {
    const row = mcqa.row([run.id + (run.shuffleTargets ? " (control)" : ""), run.state, run.epoch + "/" + run.epochs,
      run.step + "/" + run.totalSteps, run.loss === null ? "" : +run.loss.toFixed(4), run.secondsLeft === null ? "" : run.secondsLeft,
      run.version || "", gate(run)]);
    const cell = document.createElement("td");
    if (["QUEUED", "TRAINING", "EVALUATING"].includes(run.state)) {
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.textContent = "Cancel";
      cancel.setAttribute("aria-label", "cancel run " + run.id);
      cancel.addEventListener("click", () => act(() => send("DELETE", "/v1/trainings/" + run.id)));
      cell.append(cancel);
    }
    row.append(cell);
    return row;
  }));
  if (runs.length) {
    await showLosses(runs[0]);
  }
  const releases = await mcqa.get("/v1/trainings/releases");
  const choice = document.getElementById("release-choice");
  const versions = releases.map(release => release.version).reverse();
  if (choice.options.length !== versions.length + 1) {
    const chosen = choice.value;
    choice.replaceChildren(choice.options[0], ...versions.map(version => new Option(version, version)));
    choice.value = chosen;
  }
  // A release picked in the list, or else the newest finished run (released or kept out by the gate).
  const picked = releases.find(release => release.version === choice.value);
  const finished = runs.find(run => run.state === "RELEASED" || run.state === "NOT_RELEASED");
  const shown = picked ? runs.find(run => run.version === picked.version)
      || { id: picked.version, version: picked.version, state: "RELEASED", metrics: picked.metrics, reason: null } : finished;
  if (shown) {
    showRelease(shown, releases, await baseline());
  }
}

async function baseline() {
  try {
    return await mcqa.get("/v1/trainings/baseline");
  } catch (none) {
    return null; // no baseline configured or written yet
  }
}

document.getElementById("release-choice").addEventListener("change", () => refresh());

async function showLosses(run) {
  const losses = await mcqa.get("/v1/trainings/" + run.id + "/losses");
  document.getElementById("loss-run").textContent = run.id;
  document.getElementById("loss-points").textContent = losses.length;
  const data = { labels: losses.map(point => point.step), datasets: [{ label: "loss", data: losses.map(point => point.loss),
    borderColor: "#1f3a5f", pointRadius: 0, borderWidth: 1 }] };
  if (lossChart) {
    lossChart.data = data;
    lossChart.update("none");
  } else {
    lossChart = new Chart(document.getElementById("loss-chart"), { type: "line", data,
      options: { animation: false, maintainAspectRatio: false, scales: { x: { title: { display: true, text: "step" } } }, plugins: { legend: { display: false } } } });
  }
}

/** A finished run's accuracy per task beside the release before it and the newest 5-shot baseline. */
function showRelease(run, releases, baseline) {
  const key = run.id + ":" + run.state + ":" + releases.length + ":" + (baseline ? baseline.version : "");
  if (shownRelease === key) {
    return;
  }
  const at = releases.findIndex(release => release.version === run.version);
  const previous = at > 0 ? releases[at - 1] : at < 0 && releases.length ? releases[releases.length - 1] : null;
  const metrics = run.metrics || {};
  const tasks = Object.keys(metrics).filter(k => k.startsWith("accuracy.")).map(k => k.substring("accuracy.".length)).sort();
  const previousMetrics = previous ? previous.metrics : {};
  const baselineMetrics = baseline ? baseline.metrics : {};
  document.getElementById("release-version").textContent = run.version || run.id + " (not released)";
  document.getElementById("release-summary").textContent = "accuracy " + percent(metrics.accuracy) + "%, ECE " + (metrics.ece === undefined ? "" : metrics.ece.toFixed(4))
    + (previous ? "; previous release " + previous.version + " " + percent(previousMetrics.accuracy) + "%" : "; no previous release")
    + (baseline ? "; 5-shot baseline " + percent(baselineMetrics.accuracy) + "%" : "") + ". Gate: " + gate(run) + ".";
  mcqa.fill(document.querySelector("#tasks tbody"), tasks.map(task => [task, percent(metrics["accuracy." + task]),
    percent(previousMetrics["accuracy." + task]), percent(baselineMetrics["accuracy." + task])]));
  const series = [["this release", metrics, "#1f3a5f"], ["previous release", previousMetrics, "#8aa2c0"], ["5-shot baseline", baselineMetrics, "#b35c00"]];
  if (tasksChart) {
    tasksChart.destroy();
  }
  tasksChart = new Chart(document.getElementById("tasks-chart"), { type: "bar",
    data: { labels: tasks, datasets: series.map(([label, values, color]) => ({ label, backgroundColor: color,
      data: tasks.map(task => values["accuracy." + task] === undefined ? null : 100 * values["accuracy." + task]) })) },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 100, title: { display: true, text: "accuracy (%)" } } } } });
  shownRelease = key;
}

mcqa.every(2000, refresh);
