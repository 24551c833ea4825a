// inference-service's page: asks POST /v1/answers, shows GET /v1/model and its card, and the
// latency and batch size quantiles of /q/metrics.
"use strict";

let chart = null;

document.getElementById("ask").addEventListener("submit", async event => {
  event.preventDefault();
  const question = document.getElementById("question").value;
  const choices = document.getElementById("choices").value.split("\n").map(c => c.trim()).filter(c => c.length);
  const problem = document.getElementById("ask-problem");
  try {
    const answer = await mcqa.post("/v1/answers", { question, choices });
    mcqa.showProblem(problem, null);
    showAnswer(choices, answer);
  } catch (failure) {
    document.getElementById("answer-result").hidden = true;
    mcqa.showProblem(problem, failure);
  }
});

function showAnswer(choices, answer) {
  document.getElementById("answer-result").hidden = false;
  document.getElementById("answer-label").textContent = answer.label;
  document.getElementById("answer-text").textContent = choices[answer.answer];
  document.getElementById("answer-model").textContent = answer.model;
  const labels = choices.map((_, i) => String.fromCharCode(65 + i));
  mcqa.fill(document.querySelector("#probabilities tbody"),
    choices.map((choice, i) => [labels[i], choice, Number(answer.probabilities[i].toFixed(4))]));
  if (chart) {
    chart.destroy();
  }
  chart = new Chart(document.getElementById("probabilities-chart"), {
    type: "bar",
    data: { labels: labels.map((l, i) => l + ". " + choices[i]), datasets: [{ label: "probability", data: answer.probabilities,
      backgroundColor: labels.map((_, i) => i === answer.answer ? "#1f3a5f" : "#8aa2c0") }] },
    options: { indexAxis: "y", animation: false, maintainAspectRatio: false, scales: { x: { min: 0, max: 1 } }, plugins: { legend: { display: false } } },
  });
}

async function refreshModel() {
  let model;
  try {
    model = await mcqa.get("/v1/model");
  } catch (noModel) {
    document.getElementById("no-model").hidden = false;
    return;
  }
  document.getElementById("no-model").hidden = true;
  const card = await mcqa.get("/v1/model/card");
  const metrics = card.metrics || {};
  const interval = card.accuracyInterval95 ? " [" + card.accuracyInterval95.map(v => (100 * v).toFixed(1)).join(", ") + "]" : "";
  const batching = model.batching.setting + ": " + (model.batching.batch ? "batching" : "concurrent runs")
    + (model.batching.batchedPerSecond ? " (" + model.batching.batchedPerSecond + " questions/s in batches, " + model.batching.concurrentPerSecond + " concurrently)" : "");
  mcqa.fill(document.querySelector("#model tbody"), [
    ["version", model.version],
    ["precision", model.precision],
    ["batching", batching],
    ["loaded at", model.loadedAt],
    ["accuracy", metrics.accuracy !== undefined ? (100 * metrics.accuracy).toFixed(2) + "%" + interval + " on " + metrics.items + " questions" : ""],
    ["evaluated on", card.evaluation],
    ["gate", card.gate],
    ["int8", card.int8 ? (card.int8.kept ? "kept" : card.int8.reason) : ""],
  ].map(([name, value]) => [name, value]));
  const lineage = card.lineage || {};
  mcqa.fill(document.querySelector("#lineage tbody"), [
    ["seeds", lineage.seeds],
    ["scored items", lineage.scoredItems],
    ["teachers", (lineage.teachers || []).join(", ")],
    ["backbone", lineage.backbone],
    ["tasks", card.dataset && card.dataset.examplesByTask ? Object.keys(card.dataset.examplesByTask).length : ""],
    ...Object.entries(lineage.offsets || {}).map(([partition, offset]) => ["topic offset " + partition, offset]),
  ]);
}

async function refreshLatency() {
  const samples = await mcqa.metrics();
  const value = (name, quantile) => {
    const sample = samples.find(s => s.name === name && (quantile === undefined || s.labels.quantile === quantile));
    return sample ? sample.value : NaN;
  };
  mcqa.fill(document.querySelector("#latency tbody"), [
    ["latency (ms)", 1000 * value("mcqa_inference_latency_seconds", "0.5"), 1000 * value("mcqa_inference_latency_seconds", "0.99"),
      value("mcqa_inference_latency_seconds_count")],
    ["batch size (questions)", value("mcqa_inference_batch_size", "0.5"), value("mcqa_inference_batch_size", "0.99"),
      value("mcqa_inference_batch_size_count")],
  ].map(([name, p50, p99, count]) => [name, Number.isNaN(p50) ? "-" : +p50.toFixed(2), Number.isNaN(p99) ? "-" : +p99.toFixed(2),
    Number.isNaN(count) ? 0 : count]));
}

mcqa.every(5000, refreshModel);
mcqa.every(5000, refreshLatency);
