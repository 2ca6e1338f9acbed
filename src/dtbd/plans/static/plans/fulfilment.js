// Draws the plan fulfilment chart (target, nominated, completed per category) from the data
// the page carries in #plan-chart-data (json_script): no inline script under the CSP.
(function () {
  "use strict";
  function draw() {
    const canvas = document.getElementById("plan-chart");
    const source = document.getElementById("plan-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const palette = ["#6c757d", "#fd7e14", "#198754"];
    const lang = document.documentElement.lang || "vi";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) {
          return v.toLocaleString(lang);
        } } } },
      },
    });
    canvas.dataset.drawn = "true";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
