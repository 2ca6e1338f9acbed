// The gap dashboard's chart: data come from the canvas's data attributes (no inline script).
(function () {
  "use strict";
  function draw() {
    const canvas = document.getElementById("gap-chart");
    if (!canvas || typeof Chart === "undefined") return;
    const labels = canvas.dataset.labels ? canvas.dataset.labels.split("|") : [];
    const values = canvas.dataset.values ? canvas.dataset.values.split(",").map(Number) : [];
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: canvas.dataset.series, data: values,
        backgroundColor: "#0d6efd" }] },
      options: { indexAxis: "y", animation: false, plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    canvas.dataset.drawn = "true";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
