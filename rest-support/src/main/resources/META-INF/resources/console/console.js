// Helpers shared by the services' pages: JSON over the services' own REST APIs, their
// application/problem+json errors shown field by field, and their Prometheus metrics.
"use strict";

const mcqa = {
  /** GET a JSON resource; rejects with the problem when the answer is not 2xx. */
  async get(path) {
    return mcqa.answer(await fetch(path, { headers: { Accept: "application/json" } }));
  },

  /** POST JSON (or FormData as multipart); rejects with the problem when the answer is not 2xx. */
  async post(path, body) {
    const form = body instanceof FormData;
    return mcqa.answer(await fetch(path, {
      method: "POST",
      headers: form ? { Accept: "application/json" } : { "Content-Type": "application/json", Accept: "application/json" },
      body: form ? body : JSON.stringify(body),
    }));
  },

  async answer(response) {
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw body && body.title ? body : { title: "HTTP " + response.status, detail: text };
    }
    return body;
  },

  /** Shows a problem (title, detail, and each field's error) in the element, or clears it. */
  showProblem(element, problem) {
    element.replaceChildren();
    element.hidden = !problem;
    if (!problem) {
      return;
    }
    const title = document.createElement("strong");
    title.textContent = problem.title + (problem.detail ? ": " + problem.detail : "");
    element.append(title);
    if (Array.isArray(problem.errors) && problem.errors.length) {
      const list = document.createElement("ul");
      for (const error of problem.errors) {
        const item = document.createElement("li");
        item.className = "field-error";
        item.dataset.field = error.field;
        item.textContent = error.field + ": " + error.message;
        list.append(item);
      }
      element.append(list);
    }
  },

  /** The samples of a Prometheus text exposition: [{name, labels, value}]. */
  async metrics() {
    const text = await (await fetch("/q/metrics")).text();
    const samples = [];
    for (const line of text.split("\n")) {
      const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)/.exec(line);
      if (!match) {
        continue;
      }
      const labels = {};
      for (const pair of (match[3] || "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        labels[pair[1]] = pair[2];
      }
      samples.push({ name: match[1], labels, value: Number(match[4]) });
    }
    return samples;
  },

  /** A table row of cells; numbers are right-aligned. */
  row(cells, header) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement(header ? "th" : "td");
      td.textContent = cell === null || cell === undefined ? "" : String(cell);
      if (typeof cell === "number") {
        td.className = "number";
      }
      tr.append(td);
    }
    return tr;
  },

  /** Fills a table body with rows. */
  fill(tbody, rows) {
    tbody.replaceChildren(...rows.map(cells => mcqa.row(cells)));
  },

  /** Fills the page's empty header: its title, and the service's API, metrics and health. */
  header() {
    const title = document.createElement("h1");
    title.textContent = document.title;
    const nav = document.createElement("nav");
    nav.setAttribute("aria-label", "this service");
    for (const [text, href] of [["OpenAPI", "/q/openapi"], ["metrics", "/q/metrics"], ["health", "/q/health"]]) {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      nav.append(link);
    }
    document.querySelector("header").replaceChildren(title, nav);
  },

  /** Runs refresh now and every period milliseconds, keeping the page live without a reload. */
  every(period, refresh) {
    const run = () => refresh().catch(error => console.warn(error));
    run();
    return setInterval(run, period);
  },
};

document.addEventListener("DOMContentLoaded", mcqa.header);
