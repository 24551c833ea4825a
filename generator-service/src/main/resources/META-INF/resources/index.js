// generator-service's page: GET /v1/seeds/stats, GET /v1/generations and the intake counters of
// /q/metrics, refreshed every 3 s; POST /v1/seeds and /v1/seeds/import with their problems shown.
"use strict";

async function refresh() {
  const stats = await mcqa.get("/v1/seeds/stats");
  document.getElementById("seeds-total").textContent = stats.total;
  document.getElementById("tasks-total").textContent = Object.keys(stats.tasks).length;
  document.getElementById("duplicates").textContent = stats.duplicatesSkipped;
  mcqa.fill(document.querySelector("#tasks tbody"), Object.entries(stats.tasks));

  const runs = await mcqa.get("/v1/generations");
  mcqa.fill(document.querySelector("#runs tbody"), runs.slice().reverse().map(run => [run.task, run.method, run.teacher, run.state,
    run.requested, run.produced, run.rejected, Object.entries(run.rejectedByReason).map(([reason, n]) => reason + " " + n).join(", "),
    run.failed, run.startedAt]));

  const byOutcome = {};
  for (const sample of await mcqa.metrics()) {
    if (sample.name === "mcqa_seeds_intake_total") {
      byOutcome[sample.labels.outcome] = (byOutcome[sample.labels.outcome] || 0) + sample.value;
    }
  }
  mcqa.fill(document.querySelector("#intake tbody"), Object.entries(byOutcome));
}

function report(element, result) {
  element.textContent = result.accepted + " accepted, " + result.duplicate + " duplicate, " + result.rejected + " rejected";
}

document.getElementById("add-seed").addEventListener("submit", async event => {
  event.preventDefault();
  const letter = document.getElementById("answer").value.trim().toUpperCase();
  const seed = {
    task: document.getElementById("task").value.trim(),
    question: document.getElementById("question").value,
    choices: document.getElementById("choices").value.split("\n").map(c => c.trim()).filter(c => c.length),
    answer: letter.length === 1 ? letter.charCodeAt(0) - 65 : -1,
    source: "page",
  };
  const problem = document.getElementById("seed-problem");
  const result = document.getElementById("seed-result");
  try {
    report(result, await mcqa.post("/v1/seeds", seed));
    mcqa.showProblem(problem, null);
    refresh();
  } catch (failure) {
    result.textContent = "";
    mcqa.showProblem(problem, failure);
  }
});

document.getElementById("import").addEventListener("submit", async event => {
  event.preventDefault();
  const form = new FormData();
  for (const file of document.getElementById("files").files) {
    form.append("file", file, file.name);
  }
  const problem = document.getElementById("import-problem");
  const result = document.getElementById("import-result");
  const rows = document.getElementById("import-rows");
  try {
    const imported = await mcqa.post("/v1/seeds/import", form);
    mcqa.showProblem(problem, null);
    report(result, imported);
    rows.hidden = false;
    mcqa.fill(rows.querySelector("tbody"), imported.items.map(item => [item.source, item.task, item.outcome, item.reason]));
    refresh();
  } catch (failure) {
    result.textContent = "";
    rows.hidden = true;
    mcqa.showProblem(problem, failure);
  }
});

mcqa.every(3000, refresh);
